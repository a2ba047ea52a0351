import IdentityCore

/// A linear list of numbered schema migrations tracked with `PRAGMA user_version`.
///
/// Each pending migration runs inside its own `BEGIN IMMEDIATE` transaction that ends with
/// `PRAGMA user_version = <version>`, so schema and version move together. A file whose user_version is
/// newer than the latest known migration is refused (`SQLiteMigrationError.databaseNewerThanSchema`).
public struct SQLiteMigrator: Sendable {
    /// One schema step. `version` numbers must be positive and strictly increasing in the list.
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        /// When true the migration runs with `PRAGMA foreign_keys = OFF` and is followed by
        /// `PRAGMA foreign_key_check` before COMMIT (sqlite.org's table-rebuild recipe).
        public let disablesForeignKeys: Bool
        let apply: @Sendable (SQLiteConnection) throws -> Void

        /// A migration written as an SQL script (several statements allowed).
        public init(version: Int, name: String, disablesForeignKeys: Bool = false, sql: String) {
            self.init(version: version, name: name, disablesForeignKeys: disablesForeignKeys) { connection in
                try connection.execute(sql)
            }
        }

        /// A migration written as code running on the migrating connection (inside the transaction).
        public init(
            version: Int, name: String, disablesForeignKeys: Bool = false,
            _ apply: @escaping @Sendable (SQLiteConnection) throws -> Void
        ) {
            self.version = version
            self.name = name
            self.disablesForeignKeys = disablesForeignKeys
            self.apply = apply
        }
    }

    public private(set) var migrations: [Migration]

    public init(migrations: [Migration] = []) {
        self.migrations = migrations
    }

    /// Builds a migrator from SQL scripts.
    public init(_ migrations: [(version: Int, name: String, sql: String)]) {
        self.migrations = migrations.map { Migration(version: $0.version, name: $0.name, sql: $0.sql) }
    }

    /// Appends a migration (it must have the highest version so far; checked by `migrate`).
    public mutating func register(_ migration: Migration) {
        migrations.append(migration)
    }

    /// The highest version this migrator knows (0 when empty).
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every migration newer than the file's user_version, in order.
    /// - Returns: the versions applied (empty when the file was already up to date).
    @discardableResult
    public func migrate(_ connection: SQLiteConnection) throws -> [Int] {
        try validate()
        let current = try Self.userVersion(connection)
        guard current <= latestVersion else {
            throw SQLiteMigrationError.databaseNewerThanSchema(fileVersion: current, latestKnownVersion: latestVersion)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            if try apply(migration, on: connection) {
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// Reads `PRAGMA user_version`.
    public static func userVersion(_ connection: SQLiteConnection) throws(SQLiteError) -> Int {
        Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
    }

    private func validate() throws(SQLiteMigrationError) {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous else {
                throw .invalidMigrationList(
                    "migration \(migration.version) '\(migration.name)' must have a version above \(previous)")
            }
            previous = migration.version
        }
    }

    /// Runs one migration in its own IMMEDIATE transaction; false when another connection already applied it.
    private func apply(_ migration: Migration, on connection: SQLiteConnection) throws -> Bool {
        if migration.disablesForeignKeys {
            try connection.execute("PRAGMA foreign_keys = OFF")
        }
        defer {
            if migration.disablesForeignKeys {
                try? connection.execute("PRAGMA foreign_keys = ON")
            }
        }
        return try connection.transaction(.immediate) {
            // Re-read inside the write lock: another process may have migrated meanwhile.
            guard try Self.userVersion(connection) < migration.version else { return false }
            do {
                try migration.apply(connection)
            } catch {
                throw SQLiteMigrationError.migrationFailed(
                    version: migration.version, name: migration.name, underlying: "\(error)")
            }
            if migration.disablesForeignKeys {
                let violations = try connection.query("PRAGMA foreign_key_check") { $0.string(0) }
                if !violations.isEmpty {
                    throw SQLiteMigrationError.migrationFailed(
                        version: migration.version, name: migration.name,
                        underlying: "foreign key violations in: \(violations.joined(separator: ", "))")
                }
            }
            try connection.execute("PRAGMA user_version = \(migration.version)")
            return true
        }
    }
}

/// Why the migrator refused or failed to bring a database up to date.
public enum SQLiteMigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file was written by a newer build with migrations this build does not know.
    case databaseNewerThanSchema(fileVersion: Int, latestKnownVersion: Int)
    /// The migration list is not strictly increasing with positive versions.
    case invalidMigrationList(String)
    /// A migration threw; its transaction was rolled back and user_version is unchanged.
    case migrationFailed(version: Int, name: String, underlying: String)

    public var description: String {
        switch self {
        case .databaseNewerThanSchema(let fileVersion, let latest):
            return "database schema version \(fileVersion) is newer than the latest version this build knows "
                + "(\(latest)); refusing to open it with an older server"
        case .invalidMigrationList(let reason):
            return "invalid migration list: \(reason)"
        case .migrationFailed(let version, let name, let underlying):
            return "migration \(version) '\(name)' failed and was rolled back: \(underlying)"
        }
    }
}
