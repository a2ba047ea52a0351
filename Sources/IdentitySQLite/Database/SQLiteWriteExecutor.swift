import Dispatch
import Glibc
import HTTPKit
import IdentityCore

/// The writer thread of one `SQLiteDatabase`: runs submitted `WriteUnit`s in groups of up to
/// `maxGroupSize`, each group in one transaction (`SQLiteDatabase.runWriteGroup`). There is no
/// waiting to fill a group: a group is whatever was queued while the previous one committed,
/// so a lone job runs at once and under load one commit serves many jobs.
///
/// The thread starts with the first job. `stop()` lets it finish every queued job, then ends
/// it; jobs submitted after that fail at once (the database is closing).
public final class SQLiteWriteExecutor: @unchecked Sendable {
    /// Most jobs in one transaction: bounds the latency a group adds to its first job.
    public static let maxGroupSize = 64

    private let database: SQLiteDatabase
    /// Turns SQLite errors into what the store would throw (e.g. busy → unavailable).
    private let mapError: @Sendable (any Error) -> any Error
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var queue: [any WriteUnit] = []
    private var isStarted = false
    private var isStopping = false
    private var isWaiting = false
    private var thread: pthread_t?
    private let finished = DispatchSemaphore(value: 0)

    init(database: SQLiteDatabase, mapError: @escaping @Sendable (any Error) -> any Error) {
        self.database = database
        self.mapError = mapError
    }

    public func submit(_ job: any WriteUnit) {
        let accepted: Bool = lock.withLock {
            guard !isStopping else { return false }
            queue.append(job)
            if !isStarted {
                isStarted = true
                startThread()
            } else if isWaiting {
                lock.signal()
            }
            return true
        }
        if !accepted { job.failed(mapError(SQLiteError.misuse("database is closed"))) }
    }

    /// Finishes the queued jobs and ends the thread; waits for it unless called on it.
    /// Safe to call more than once.
    func stop() {
        let (started, onWriterThread): (Bool, Bool) = lock.withLock {
            isStopping = true
            if isWaiting { lock.signal() }
            return (isStarted, thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false)
        }
        guard started && !onWriterThread else { return }
        finished.wait()
        finished.signal()
    }

    private func startThread() {
        DetachedThread.start(name: "sqlite-writer") { [self] in
            lock.withLock { self.thread = pthread_self() }
            run()
            finished.signal()
        }
    }

    private func run() {
        while let group = nextGroup() {
            database.runWriteGroup(group, mapError: mapError)
        }
    }

    /// Waits for jobs; nil once stopping and nothing is left.
    private func nextGroup() -> [any WriteUnit]? {
        lock.withLock {
            while queue.isEmpty && !isStopping {
                isWaiting = true
                lock.wait()
                isWaiting = false
            }
            guard !queue.isEmpty else { return nil }
            if queue.count <= Self.maxGroupSize {
                defer { queue = [] }
                return queue
            }
            let group = Array(queue.prefix(Self.maxGroupSize))
            queue.removeFirst(Self.maxGroupSize)
            return group
        }
    }
}
