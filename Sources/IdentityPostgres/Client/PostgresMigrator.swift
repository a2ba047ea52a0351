import IdentityCore

/// Applies numbered schema migrations to a PostgreSQL schema, recording each in `schema_migrations`.
///
/// Several servers may start at once against an empty database: the migrator holds a session advisory
/// lock (keyed by the current schema) while it reads the applied version and applies what is missing, so
/// exactly one of them migrates and the others find the work done. Each migration runs in its own
/// transaction together with its `schema_migrations` row. A database whose version is newer than the
/// newest known migration is refused (an older server must not write a newer schema).
public struct PostgresMigrator: Sendable {
    /// One schema step: `sql` is a parameterless script (DDL only).
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let sql: String

        public init(version: Int, name: String, sql: String) {
            self.version = version
            self.name = name
            self.sql = sql
        }
    }

    /// First key of the two-key advisory lock (the second is a hash of the schema name).
    static let advisoryLockKey: Int32 = 0x4944_5356

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the connection's current schema up to `latestVersion`. Returns the versions applied here.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [Int] {
        let lockParameters: [PostgresValue] = [.int(Int(Self.advisoryLockKey))]
        try connection.query("SELECT pg_advisory_lock($1::integer, hashtext(current_schema()))", lockParameters)
        defer {
            if connection.isOpen {
                _ = try? connection.query("SELECT pg_advisory_unlock($1::integer, hashtext(current_schema()))", lockParameters)
            }
        }
        try connection.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """)
        let current = try connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations").first?.int(0) ?? 0
        guard current <= latestVersion else {
            throw PostgresError.misuse(
                "the database schema is at version \(current), newer than this server's \(latestVersion); upgrade the server")
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            do {
                try connection.query("BEGIN")
                try connection.executeScript(migration.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    [.int(migration.version), .text(migration.name), .int(Timestamp.now().microseconds)])
                try connection.query("COMMIT")
            } catch {
                if connection.isOpen { _ = try? connection.query("ROLLBACK") }
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }

    /// The highest applied version in the connection's current schema (0 when none).
    public static func appliedVersion(_ connection: PostgresConnection) throws -> Int {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.bool(0) ?? false
        guard exists else { return 0 }
        return try connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations").first?.int(0) ?? 0
    }
}
