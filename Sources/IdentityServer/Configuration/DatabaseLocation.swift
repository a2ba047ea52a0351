import IdentityCore
import IdentityPostgres
import IdentitySQLite

/// Where the server keeps its data: an SQLite file (the embedded default) or a PostgreSQL database
/// shared by several servers. `description` never shows a password, so it can be logged.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// The environment variable Letta users already set for PostgreSQL (see `ServerOptions`).
    public static let postgresEnvironmentVariable = "LETTA_PG_URI"

    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is an SQLite path.
    public init(_ value: String) throws {
        self = PostgresURL.isPostgresURL(value) ? .postgres(try PostgresURL(value)) : .sqlite(path: value)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url): "PostgreSQL \(url)"
        }
    }

    /// Opens the store: the SQLite file (with `synchronous`), or a PostgreSQL pool of `2 × workers`
    /// connections (each event-loop worker runs one request at a time, so it never waits for one).
    public func openStore(workers: Int, synchronous: SQLiteDatabase.Synchronous = .normal) throws -> OpenedStore {
        switch self {
        case .sqlite(let path):
            let store = try SQLiteStore(path: path, synchronous: synchronous)
            return OpenedStore(store: store, close: store.close)
        case .postgres(let url):
            let store = try PostgresStore(url: url, configuration: PostgresPool.Configuration(size: max(1, workers) * 2))
            return OpenedStore(store: store, close: store.close)
        }
    }
}

/// An open store and how to close it when the server stops.
public struct OpenedStore: Sendable {
    public let store: any IdentityStore
    public let close: @Sendable () -> Void
}
