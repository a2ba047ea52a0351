import CSQLite
import IdentityCore
import Dispatch

/// Group commit: several write jobs in one `BEGIN IMMEDIATE … COMMIT` on the writer connection.
extension SQLiteDatabase {
    /// What happened to one job of a group: nil when its transaction committed, else the error
    /// that lost it.
    typealias GroupOutcome = (job: any WriteUnit, error: (any Error)?)

    /// Runs `jobs` on the calling thread, holding the writer for the whole group, in as few
    /// transactions as possible (normally one), then tells each job how its transaction ended.
    /// Inside `run`, `write` is a savepoint (a failing write rolls back only itself) and `read`
    /// uses the writer connection. If SQLite drops the transaction midway (I/O error, disk
    /// full), the jobs run so far fail and the rest continue in a new transaction. If `BEGIN`
    /// fails (busy beyond the timeout), the jobs still run but every `write` throws that error,
    /// as a lone write would have. Errors reach `failed` through `mapError`.
    func runWriteGroup(_ jobs: [any WriteUnit], mapError: (any Error) -> any Error = { $0 }) {
        let outcomes: [GroupOutcome] = writerLock.withLock {
            guard let writer else {
                let error = SQLiteError.misuse("database is closed")
                return jobs.map { ($0, error) }
            }
            var outcomes: [GroupOutcome] = []
            outcomes.reserveCapacity(jobs.count)
            var pending = jobs[...]
            while !pending.isEmpty {
                runTransaction(of: &pending, on: writer, into: &outcomes)
            }
            return outcomes
        }
        for (job, error) in outcomes {
            if let error { job.failed(mapError(error)) } else { job.committed() }
        }
    }

    /// Runs jobs from the front of `pending` in one transaction, until they are all done or the
    /// transaction is lost, and records their outcomes.
    private func runTransaction(
        of pending: inout ArraySlice<any WriteUnit>, on writer: SQLiteConnection, into outcomes: inout [GroupOutcome]
    ) {
        let group = WriteGroup(connection: writer)
        do {
            try writer.checkFileNotMoved()
            try writer.run("BEGIN IMMEDIATE")
        } catch {
            group.beginError = error
        }
        openGroup = group
        let first = outcomes.count
        var lost: (any Error)?
        while let job = pending.popFirst() {
            job.run()
            outcomes.append((job, nil))
            if group.beginError == nil && !writer.isInTransaction {
                lost = SQLiteError(code: SQLITE_ABORT, message: "the write transaction was rolled back", sql: nil)
                break
            }
        }
        openGroup = nil
        guard group.beginError == nil else { return }
        if lost == nil {
            do {
                let started = onCommit == nil ? 0 : DispatchTime.now().uptimeNanoseconds
                try writer.run("COMMIT")
                onCommit?((outcomes.count - first, DispatchTime.now().uptimeNanoseconds - started))
                return
            } catch {
                writer.rollbackIfNeeded()
                lost = error
            }
        }
        for index in first..<outcomes.count { outcomes[index].error = lost }
    }
}

/// The transaction a write group holds open on the writer connection. Used only by the thread
/// running the group, while it holds the writer lock.
final class WriteGroup {
    let connection: SQLiteConnection
    /// Set when `BEGIN IMMEDIATE` failed: every write of the group throws it.
    var beginError: (any Error)?
    private var isWriting = false

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` as a savepoint of the group's transaction: its changes stay when it returns
    /// and are undone when it throws (the rest of the group is untouched).
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        guard !isWriting else {
            throw SQLiteError.misuse("re-entrant database access from inside a write on the same thread")
        }
        if let beginError { throw beginError }
        isWriting = true
        defer { isWriting = false }
        try connection.run("SAVEPOINT grouped_write")
        do {
            let result = try body(connection)
            try connection.run("RELEASE grouped_write")
            return result
        } catch {
            if connection.isInTransaction {
                try? connection.run("ROLLBACK TO grouped_write")
                try? connection.run("RELEASE grouped_write")
            }
            throw error
        }
    }
}
