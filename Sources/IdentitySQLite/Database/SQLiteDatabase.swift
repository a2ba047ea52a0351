import CSQLite
import IdentityCore

/// The thread-safe entry point to one SQLite database file: one writer connection plus a pool of
/// read-only connections, safe to use from several threads at once.
///
/// - The writer is opened at init, switched to WAL (verified), and runs the migrator. `write` serializes
///   callers on a lock and runs each body inside `BEGIN IMMEDIATE … COMMIT`; when it returns, the change is
///   committed and visible to every later `read`.
/// - Readers are read-only connections opened lazily, up to `readerCount`. `read` checks one out and runs the
///   body inside `BEGIN DEFERRED … COMMIT`, so all statements of one read see the same snapshot. Readers never
///   wait for the writer (WAL), and an open write transaction is invisible to them until it commits.
/// - In-memory databases (`":memory:"` or an empty path) exist only in their own connection, so there every
///   `read` runs on the writer connection under the writer lock (reads and writes are then serialized).
/// - Calling `write` or (in-memory) `read` from inside a `write` body on the same thread throws instead of
///   deadlocking. A `read` inside a `write` on a file database sees the state before the write.
/// - When the writer stays locked beyond the busy timeout (another process, a long checkpoint), `write`
///   throws an `SQLiteError` whose `isBusy` is true.
/// - Group commit (`runWriteGroup`, used by `SQLiteWriteExecutor`): while a thread runs a group, its
///   `write` calls become savepoints of the group's transaction and its `read` calls use the writer
///   connection, so they see the group's uncommitted writes.
public final class SQLiteDatabase: @unchecked Sendable {
    /// `PRAGMA synchronous` for every connection. In WAL, NORMAL fsyncs only at checkpoints (an OS crash or
    /// power loss may drop the last commits, never corrupts); FULL fsyncs the WAL on every commit.
    public enum Synchronous: Sendable {
        case normal, full

        var pragmaValue: String {
            switch self {
            case .normal: return "NORMAL"
            case .full: return "FULL"
            }
        }
    }

    public let path: String
    /// True for `":memory:"` and the empty path: reads use the writer connection.
    public let isInMemory: Bool
    let writerLock = ConditionLock()
    /// Guarded by `writerLock`.
    var writer: SQLiteConnection?
    /// The write group the lock holder is running (`runWriteGroup`), if any; guarded by `writerLock`.
    var openGroup: WriteGroup?
    private let readers: SQLiteReaderPool?
    /// Runs the WAL checkpoints off the writer (file databases only).
    let checkpointer: SQLiteCheckpointer?
    /// The WAL-index header, read for `commitStamp()` (file databases only).
    private let walIndex: WALIndexHeader?
    /// Told about every committed write transaction: for a write group, how many jobs it held
    /// and how long its COMMIT took; for a lone `write`, nil. Set once, before the database is shared.
    public var onCommit: (@Sendable (_ group: (jobs: Int, commitNanoseconds: UInt64)?) -> Void)?

    /// Opens (creating if needed) the database, enables WAL, applies pending migrations.
    /// `configureConnection` runs once on every connection right after it opens (the writer before
    /// migrating, each reader before its first use), e.g. for per-connection pragmas such as `cache_size`.
    public init(
        path: String, synchronous: Synchronous = .normal, migrator: SQLiteMigrator, readerCount: Int = 4,
        busyTimeoutMilliseconds: Int32 = 5000,
        configureConnection: @escaping @Sendable (SQLiteConnection) throws -> Void = { _ in }
    ) throws {
        self.path = path
        isInMemory = path.isEmpty || path == ":memory:"
        let writer = try SQLiteConnection(path: path, mode: .readWrite, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            if !isInMemory {
                let journalMode = try writer.scalarString("PRAGMA journal_mode = WAL")
                guard journalMode?.lowercased() == "wal" else {
                    throw SQLiteError(
                        code: SQLITE_ERROR, message: "could not enable WAL: journal_mode is \(journalMode ?? "unknown")", sql: nil)
                }
            }
            try writer.execute("PRAGMA synchronous = \(synchronous.pragmaValue)")
            try configureConnection(writer)
            try migrator.migrate(writer)
        } catch {
            writer.close()
            throw error
        }
        self.writer = writer
        if isInMemory {
            readers = nil
            checkpointer = nil
            walIndex = nil
        } else {
            // The writer's WAL-mode setup and migrations have mapped the wal-index by now.
            walIndex = WALIndexHeader(connection: writer)
            let checkpointer = SQLiteCheckpointer(path: path, synchronous: synchronous)
            checkpointer.attach(to: writer)
            self.checkpointer = checkpointer
            readers = SQLiteReaderPool(capacity: readerCount) {
                let reader = try SQLiteConnection(
                    path: path, mode: .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
                try reader.execute("PRAGMA synchronous = \(synchronous.pragmaValue)")
                try configureConnection(reader)
                return reader
            }
        }
    }

    deinit {
        close()
    }

    /// Runs `body` on the writer inside `BEGIN IMMEDIATE … COMMIT`, one caller at a time.
    /// Any error thrown by `body` rolls back and is rethrown; a returned value means it is committed.
    /// The connection must not escape `body`, and `body` must not open its own transaction (they do not nest).
    public func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        if writerLock.isHeldByCurrentThread, let group = openGroup {
            return try group.write(body)
        }
        let value = try withWriter { writer in
            try writer.checkFileNotMoved()
            return try writer.transaction(.immediate) { try body(writer) }
        }
        onCommit?(nil)
        return value
    }

    /// Runs `body` on a reader inside `BEGIN DEFERRED … COMMIT` (one consistent snapshot).
    /// On a file database the connection is read-only (writing fails with SQLITE_READONLY); for an in-memory
    /// database it is the writer connection. The connection must not escape `body`.
    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        if writerLock.isHeldByCurrentThread, let group = openGroup {
            return try body(group.connection)
        }
        guard let readers else {
            return try withWriter { writer in
                try writer.transaction(.deferred) { try body(writer) }
            }
        }
        return try readers.withReader { reader in
            try reader.transaction(.deferred) { try body(reader) }
        }
    }

    /// A stamp of every commit so far by any connection (`WALIndexHeader`), without a query; nil
    /// for in-memory databases, after `close()`, when SQLite is updating the header this instant,
    /// and inside a write on this thread (whose reads see changes that may still roll back).
    public func commitStamp() -> CommitStamp? {
        guard let walIndex, !writerLock.isHeldByCurrentThread else { return nil }
        return walIndex.stamp()
    }

    /// Runs `PRAGMA integrity_check`; returns "ok" when the database is sound, otherwise the reported problems.
    public func integrityCheck() throws -> String {
        let lines = try read { connection in
            try connection.query("PRAGMA integrity_check") { $0.string(0) }
        }
        return lines.joined(separator: "\n")
    }

    /// Copies the WAL into the database file and truncates the WAL (`PRAGMA wal_checkpoint(TRUNCATE)`).
    /// Returns false when readers kept it from completing. Does nothing for in-memory databases.
    @discardableResult
    public func checkpoint() throws -> Bool {
        guard let checkpointer else { return true }
        return try withWriter { writer in
            // Result row: busy flag, WAL frames, frames checkpointed.
            try checkpointer.exclusively {
                try writer.queryFirst("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) == 0 } ?? false
            }
        }
    }

    /// Closes readers, checkpoints the WAL (best effort) and closes the writer, finalizing every cached
    /// statement. Later `read`/`write` calls throw. Safe to call more than once.
    public func close() {
        walIndex?.close()
        readers?.close()
        checkpointer?.stop()
        if !isInMemory {
            _ = try? checkpoint()
        }
        let writer: SQLiteConnection? = writerLock.withLock {
            defer { self.writer = nil }
            if let writer = self.writer { checkpointer?.detach(from: writer) }
            return self.writer
        }
        writer?.close()
    }

    /// Reader connections currently open (idle or in use); always 0 for in-memory databases.
    var readerConnectionCount: Int { readers?.openReaderCount ?? 0 }

    private func withWriter<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        guard !writerLock.isHeldByCurrentThread else {
            throw SQLiteError.misuse("re-entrant database access from inside a write on the same thread")
        }
        return try writerLock.withLock {
            guard let writer else { throw SQLiteError.misuse("database is closed") }
            return try body(writer)
        }
    }
}
