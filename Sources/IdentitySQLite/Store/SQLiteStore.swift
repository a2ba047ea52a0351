import IdentityCore

/// `IdentityStore` on one SQLite database file (or `":memory:"`), through `SQLiteDatabase`:
/// writes run one at a time in `BEGIN IMMEDIATE` transactions on the writer connection, reads
/// run on pooled read-only connections, each in one snapshot.
///
/// The schema is in `SQLiteStore+Schema.swift`. Every statement binds its values; only generated
/// placeholder lists (`?,?,?`) and fixed SQL fragments are spliced into statement text.
/// A busy database becomes `StoreError.unavailable`, a full disk `StoreError.storageFull`, other
/// file-system faults (`SQLiteFault`) `StoreError.unavailable` in words; they are reported to
/// `health`. Any other `SQLiteError` is a bug and propagates.
///
/// Units of writes (`perform`, one per API request that writes) are grouped: they run on one
/// writer thread, many per transaction (group commit), and store calls inside a unit join its
/// group as savepoints.
public final class SQLiteStore: IdentityStore {
    let database: SQLiteDatabase
    /// The writer thread (started by the first unit); `close()` lets it finish queued units first.
    let executor: SQLiteWriteExecutor
    /// Lost writes and recoveries (one log line per episode).
    public let health: StoreHealth
    /// Write-group sizes and commit durations (`SQLiteStore+Operations.swift`).
    let writeMetrics = SQLiteWriteMetrics()
    /// The database file's inode when opened: readiness tells a replaced or removed file.
    let openedInode: UInt

    /// Opens (creating if needed) the database at `path`, applies pending migrations and makes
    /// sure the default organization exists. A write waits up to `busyTimeoutMilliseconds` for a
    /// lock held by another process before failing with `StoreError.unavailable`.
    public init(
        path: String, synchronous: SQLiteDatabase.Synchronous = .normal, busyTimeoutMilliseconds: Int32 = 5000,
        health: StoreHealth = StoreHealth()
    ) throws {
        do {
            database = try SQLiteDatabase(
                path: path, synchronous: synchronous, migrator: Self.migrator,
                busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                configureConnection: { try $0.execute("PRAGMA cache_size = -\(Self.pageCacheKiB)") })
        } catch {
            throw Self.explainOpenFailure(error, path: path)
        }
        self.health = health
        openedInode = Self.inode(of: path)
        database.onCommit = { [writeMetrics] group in
            health.writeSucceeded()
            if let group { writeMetrics.record(jobs: group.jobs, commitNanoseconds: group.commitNanoseconds) }
        }
        executor = SQLiteWriteExecutor(database: database, mapError: { Self.storeError($0, health: health) })
        try ensureOrganization(id: Actor.defaultOrganizationID, name: Actor.defaultOrganizationName)
    }

    /// Page cache of each connection (writer and up to four readers), in KiB. SQLite's 2 MiB
    /// default made lists over 100k agents spend a quarter of their time re-reading pages.
    static let pageCacheKiB = 32_768

    deinit {
        executor.stop()
    }

    /// Queues the unit on the writer thread: it runs in the next group's transaction and ends
    /// when that commits.
    public func perform(_ unit: any WriteUnit) -> WriteUnitProgress {
        executor.submit(unit)
        return .pending
    }

    /// Finishes the queued write jobs, then closes every connection (checkpointing the WAL).
    /// Later calls throw; later jobs fail.
    public func close() {
        executor.stop()
        database.close()
    }

    public func ensureOrganization(id: String, name: String) throws {
        try write { db in
            try db.run(
                "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                [.text(id), .text(name), .integer(Timestamp.now().microseconds)])
        }
    }

    // MARK: Transactions

    static let unavailableMessage = "The database is temporarily unavailable. Please try again later."

    /// Runs `body` in a write transaction (a savepoint of the group inside a write job); busy
    /// and file-system faults become `StoreError`s (see `storeError`).
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as SQLiteError {
            throw Self.storeError(error, health: health)
        }
    }

    /// What a failed write turns into, for a lone write and for a job whose group transaction
    /// was lost alike: busy → unavailable; a full disk → storageFull; another `SQLiteFault` →
    /// unavailable with its words. Faults are reported to `health`.
    static func storeError(_ error: any Error, health: StoreHealth?) -> any Error {
        if let error = error as? SQLiteError, error.isBusy {
            return StoreError.unavailable(message: unavailableMessage)
        }
        guard let fault = SQLiteFault(error) else { return error }
        health?.writeFailed(fault.message)
        if fault == .diskFull { return StoreError.storageFull(message: fault.message) }
        return StoreError.unavailable(message: fault.message)
    }

    /// Runs `body` in a read transaction (one snapshot); busy and file-system faults become
    /// `StoreError.unavailable`.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as SQLiteError {
            throw Self.storeError(error, health: nil)
        }
    }
}


extension SQLiteStore {
    /// `values` without repeats, first occurrence kept, order kept.
    static func deduplicated<T: Hashable>(_ values: [T]) -> [T] {
        guard values.count > 1 else { return values }
        var seen = Set<T>()
        seen.reserveCapacity(values.count)
        return values.filter { seen.insert($0).inserted }
    }
}
