import IdentityCore

/// `IdentityStore` on a PostgreSQL database (15 or newer) through libpq, for several servers sharing one
/// database. It behaves like `SQLiteStore` — same ordering by `(created_at, id)`, cursors, link order,
/// errors — so a client cannot tell which backend answers. Uniqueness and links are enforced by the
/// database, so servers racing on the same request behave like one server.
///
/// Threading: every call runs on the calling thread with blocking round trips (libpq waits with `poll`
/// and a deadline), on a connection checked out of a `PostgresPool`. The HTTP handlers are synchronous,
/// so a query occupies its event-loop worker for one round trip; a worker-pool hand-off would add two
/// thread switches to every query while the worker waits anyway. Measured on the 2-core development
/// machine (`PostgresStoreMeasurementTests`, release): `identity(id:)` on the calling thread 29–30 µs
/// per call, 26–32k calls/s on 2 threads; handed to a bounded worker pool 42–104 µs, 21–24k calls/s; a
/// bare round trip (`SELECT 1`) 20 µs. Round trips are kept few: statements that do not
/// depend on each other travel in one pipeline, `BEGIN`/`COMMIT` ride along with them, and reads load
/// relationships with array subqueries instead of a query per row.
///
/// Planning: sessions reuse one generic plan per prepared statement, because planning these statements
/// costs the server more CPU than running them (agent list by identifier_keys: 583 → 178 µs of
/// PostgreSQL CPU per request). List pages and counts whose best plan depends on the values (LIMIT,
/// tag and text filters) are still planned per execution; parallel query is off (every query is small).
///
/// Failures: when PostgreSQL is down or restarting, calls fail fast with `StoreError.unavailable`
/// (the pool backs off reconnecting and fails at once meanwhile; connect and query deadlines bound every
/// wait) and service resumes by itself. A read, or a write whose commit was not sent yet, that meets a
/// broken connection is retried once on a fresh one; deadlocks and serialization failures are retried.
/// Every statement binds its values; only fixed SQL fragments are spliced into statement text.
public final class PostgresStore: IdentityStore {
    public let pool: PostgresPool
    /// Readiness probe failures and recoveries (one log line per episode).
    public let health = StoreHealth()

    /// Connects to `url` (`postgres://user:password@host:port/dbname` or `postgresql://…`), applies pending
    /// migrations and makes sure the default organization exists. `poolSize` bounds the connections (use
    /// twice the number of event-loop workers).
    public convenience init(url: String, poolSize: Int) throws {
        try self.init(url: PostgresURL(url), configuration: PostgresPool.Configuration(size: poolSize))
    }

    public init(url: PostgresURL, configuration: PostgresPool.Configuration) throws {
        pool = PostgresPool(url: url, configuration: configuration)
        do {
            try pool.withConnection { connection in
                guard connection.serverVersion >= 150_000 else {
                    throw PostgresError.misuse(
                        "PostgreSQL \(connection.serverVersion / 10_000) is too old: 15 or newer is needed (UNIQUE NULLS NOT DISTINCT)")
                }
                try Self.migrator.migrate(connection)
            }
        } catch {
            pool.close()
            throw error
        }
        try ensureOrganization(id: Actor.defaultOrganizationID, name: Actor.defaultOrganizationName)
    }

    /// Closes every connection. Later calls throw.
    public func close() {
        pool.close()
    }

    public func ensureOrganization(id: String, name: String) throws {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement(
                    "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                    [.text(id), .text(name), .int(Timestamp.now().microseconds)])
            ])
        }
    }

    // MARK: Transactions

    static let unavailableMessage = "The database is temporarily unavailable. Please try again later."
    /// Attempts for a transaction that hit a deadlock or serialization failure.
    static let transientAttempts = 4

    /// Runs `body` in a write transaction and commits it (unless `body` committed already). A connection
    /// failure becomes `StoreError.unavailable`; it is retried once first when the commit was not sent.
    @discardableResult
    func write<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            var commitSent = false
            do {
                return try pool.withConnection { connection in
                    let transaction = PostgresTransaction(connection)
                    defer { commitSent = transaction.commitSent }
                    do {
                        let value = try body(transaction)
                        try transaction.commit()
                        return value
                    } catch {
                        Self.rollBackIfNeeded(connection)
                        throw error
                    }
                }
            } catch let error as PostgresError {
                if error.isTransient && attempt < Self.transientAttempts { continue }
                if Self.isRetryableConnectionFailure(error) && !commitSent && attempt == 1 { continue }
                throw Self.storeError(error)
            }
        }
    }

    /// Runs `body` on a connection outside any transaction (each statement, or pipeline of statements,
    /// sees one snapshot). A stale connection is retried once; then failures become `StoreError.unavailable`.
    func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try pool.withConnection(body)
            } catch let error as PostgresError {
                if Self.isRetryableConnectionFailure(error) && attempt == 1 { continue }
                throw Self.storeError(error)
            }
        }
    }

    /// Runs `body` in a read-only REPEATABLE READ transaction, for reads of several statements that must
    /// see one snapshot; its `BEGIN` and `COMMIT` ride along with the statements.
    func readSnapshot<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try read { connection in
            let transaction = PostgresTransaction(connection, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            do {
                let value = try body(transaction)
                try transaction.commit()
                return value
            } catch {
                Self.rollBackIfNeeded(connection)
                throw error
            }
        }
    }

    private static func rollBackIfNeeded(_ connection: PostgresConnection) {
        guard connection.isOpen else { return }
        switch connection.transactionStatus {
        case .inTransaction, .failed:
            if (try? connection.query("ROLLBACK")) == nil { connection.close() }
        case .idle, .active, .unknown:
            break
        }
    }

    /// A broken connection is worth one more try (a stale pooled connection after a server restart);
    /// the pool's own refusal (server unreachable, backing off) is not.
    private static func isRetryableConnectionFailure(_ error: PostgresError) -> Bool {
        error.isConnectionFailure && error.kind != .unavailable
    }

    /// Connection-level failures, lock timeouts and exhausted retries become `StoreError.unavailable`;
    /// other errors are bugs and stay as they are.
    static func storeError(_ error: PostgresError) -> any Error {
        error.isConnectionFailure || error.isTransient || error.isLockTimeout
            ? StoreError.unavailable(message: unavailableMessage) : error
    }
}

