import CSQLite
import IdentityCore

/// One SQLite connection. Not thread-safe: confined to one thread at a time by its owner (opened NOMUTEX).
///
/// Opened with extended result codes, a busy timeout (5 s by default) and `PRAGMA foreign_keys = ON`.
/// Statements run through `run`/`query` are prepared once per SQL text and cached until `close()`.
/// Parameters are positional `?` placeholders bound in order from the bindings array; a count mismatch
/// is an error (SQLITE_RANGE), never a silently NULL parameter.
public final class SQLiteConnection {
    /// Whether the connection may write (and create the file) or only read.
    public enum Mode: Sendable { case readWrite, readOnly }

    /// How `transaction` begins: DEFERRED takes locks on first use, IMMEDIATE takes the write lock at once.
    public enum TransactionKind: Sendable { case deferred, immediate }

    /// Cached statements beyond this count are finalized after use instead of kept (guards against
    /// unbounded growth from dynamically built SQL).
    static let statementCacheLimit = 512

    /// The path given at open.
    public let path: String
    public let mode: Mode
    var handle: OpaquePointer?
    var statementCache = SQLiteStatementCache()

    /// Opens (and in `.readWrite` mode creates) the database at `path`. `":memory:"` opens a private in-memory database.
    public init(path: String, mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        self.path = path
        self.mode = mode
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = db == nil
                ? SQLiteError(code: rc, message: String(cString: sqlite3_errstr(rc)), sql: nil)
                : SQLiteError.current(db, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        SQLiteBusyHandler.install(on: db, timeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            try execute("PRAGMA foreign_keys = ON")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Runs one or more `;`-separated statements without parameters (DDL, pragmas, scripts).
    public func execute(_ sql: String) throws(SQLiteError) {
        let db = try openHandle(sql)
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &errorMessage)
        guard rc != SQLITE_OK else { return }
        let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
        sqlite3_free(errorMessage)
        throw SQLiteError(code: sqlite3_extended_errcode(db), message: message, sql: sql)
    }

    /// Runs one statement to completion (any result rows, e.g. from RETURNING, are skipped).
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) {
        let statement = try checkoutStatement(sql, bindings)
        defer { checkinStatement(statement) }
        while try step(statement.pointer, sql) {}
    }

    /// Runs one statement and maps every result row through `row`. The row must not escape the closure.
    public func query<T>(
        _ sql: String, _ bindings: [SQLiteValue] = [], _ row: (SQLiteRow) throws -> T
    ) throws -> [T] {
        let statement = try checkoutStatement(sql, bindings)
        defer { checkinStatement(statement) }
        var results: [T] = []
        while try step(statement.pointer, sql) {
            results.append(try row(SQLiteRow(statement: statement.pointer)))
        }
        return results
    }

    /// Runs one statement and maps its first row, or returns nil when there is none. Stops after the first row.
    public func queryFirst<T>(
        _ sql: String, _ bindings: [SQLiteValue] = [], _ row: (SQLiteRow) throws -> T
    ) throws -> T? {
        let statement = try checkoutStatement(sql, bindings)
        defer { checkinStatement(statement) }
        guard try step(statement.pointer, sql) else { return nil }
        return try row(SQLiteRow(statement: statement.pointer))
    }

    /// The first column of the first row as an integer; nil when there is no row or the value is NULL.
    public func scalarInt(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try checkoutStatement(sql, bindings)
        defer { checkinStatement(statement) }
        guard try step(statement.pointer, sql) else { return nil }
        return SQLiteRow(statement: statement.pointer).optionalInt(0)
    }

    /// The first column of the first row as text; nil when there is no row or the value is NULL.
    public func scalarString(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> String? {
        let statement = try checkoutStatement(sql, bindings)
        defer { checkinStatement(statement) }
        guard try step(statement.pointer, sql) else { return nil }
        return SQLiteRow(statement: statement.pointer).optionalString(0)
    }

    /// Rows changed by the most recent completed INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    public var changes: Int {
        handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// True while a transaction is open (the connection is not in autocommit mode).
    public var isInTransaction: Bool {
        handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    /// True until `close()`.
    public var isOpen: Bool { handle != nil }

    /// Runs `body` inside `BEGIN <kind>` … `COMMIT`. Any error thrown by `body` or by COMMIT rolls the
    /// transaction back and is rethrown, so a returned value means the transaction committed.
    /// Transactions do not nest: calling this inside an open transaction throws.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try run(kind == .immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
            try run("COMMIT")
        } catch {
            rollbackIfNeeded()
            throw error
        }
        return result
    }

    /// Finalizes every cached statement and closes the connection. Safe to call more than once.
    public func close() {
        guard let db = handle else { return }
        for statement in statementCache.removeAll() {
            sqlite3_finalize(statement)
        }
        sqlite3_close_v2(db)
        handle = nil
    }

    /// Rolls back the open transaction, if SQLite has not already done so (some errors roll back on their own).
    func rollbackIfNeeded() {
        guard isInTransaction else { return }
        try? run("ROLLBACK")
    }

    func openHandle(_ sql: String?) throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw SQLiteError.misuse("connection is closed", sql: sql) }
        return handle
    }
}
