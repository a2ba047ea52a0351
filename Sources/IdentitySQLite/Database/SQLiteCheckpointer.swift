import CSQLite
import Dispatch
import HTTPKit
import IdentityCore
import Synchronization

/// Runs the WAL checkpoints of a file database on a thread of its own, so the writer never
/// pays for one inside a COMMIT.
///
/// SQLite's automatic checkpoint runs in the COMMIT that brings the WAL past 1,000 frames: that
/// commit copies the frames into the database file and, with `synchronous` NORMAL or FULL,
/// fsyncs the WAL and the database, tens of milliseconds during which the writer (and every
/// request of its group) waits. Here the writer's WAL hook only signals this thread, which runs
/// a PASSIVE checkpoint on its own connection (with the database's `synchronous`, so it syncs
/// exactly as the automatic one did); a PASSIVE checkpoint takes no writer lock, so commits go
/// on meanwhile. Durability is unchanged: a commit is in the WAL before its COMMIT returns, and
/// the WAL is synced at checkpoints as before.
///
/// SQLite starts the WAL over only when a write begins with every frame checkpointed, which a
/// background checkpoint racing a steady stream of commits rarely achieves. So once the WAL
/// holds `inlineFrames`, no background pass is asked for, and the first commit that finds none
/// running checkpoints the remainder itself (the frames since the last pass: the background
/// copied the rest), as SQLite would have on every 1,000 frames; the next write then starts the
/// WAL over, so it stays bounded. The writer never waits for a background pass.
///
/// Checkpoints of this process never overlap (SQLite would answer a second one BUSY at once,
/// without asking the busy handler): each runs holding `checkpointLock`.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// WAL frames after which a background checkpoint is asked for (SQLite's default).
    static let backgroundFrames: Int32 = 1000
    /// WAL frames after which the writer checkpoints inline so the WAL can start over (125 MiB
    /// with 4 KiB pages). Each inline pass pauses the writer for two fsyncs, which delays every
    /// request in flight (64 under the write benchmark); a POST adds about 1.8 frames at 100k
    /// identities (random ids land on random index pages), so at 8,000 frames 1.4 % of requests
    /// waited for one, at 32,000 about 0.36 %, below the p99.
    static let inlineFrames: Int32 = 32000

    /// The thresholds in use; tests lower them before the first write.
    var backgroundFrames = SQLiteCheckpointer.backgroundFrames
    var inlineFrames = SQLiteCheckpointer.inlineFrames
    /// The WAL's size in frames after the last commit (read by tests).
    let lastWALFrames = Atomic<Int32>(0)
    /// The WAL size that asks for the next background pass; used only by the writer (under its lock).
    private lazy var nextBackgroundFrames = backgroundFrames
    /// Checkpoints run on the background thread (for tests).
    let backgroundRuns = Atomic<Int>(0)

    private let path: String
    private let synchronous: SQLiteDatabase.Synchronous
    private let lock = ConditionLock()
    /// Held while a checkpoint runs.
    private let checkpointLock = Mutex(())
    // Guarded by `lock`.
    private var isRequested = false
    private var isStarted = false
    private var isStopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, synchronous: SQLiteDatabase.Synchronous) {
        self.path = path
        self.synchronous = synchronous
    }

    /// Installs the WAL hook on the writer connection; the checkpointer must outlive it (until `stop`).
    func attach(to writer: SQLiteConnection) {
        guard let handle = writer.handle else { return }
        sqlite3_wal_hook(handle, { context, db, _, frames in
            guard let context, let db else { return SQLITE_OK }
            let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
            checkpointer.committed(frames: frames, writer: db)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the hook from the writer connection (the writer lock must be held or the writer idle).
    func detach(from writer: SQLiteConnection) {
        guard let handle = writer.handle else { return }
        sqlite3_wal_hook(handle, nil, nil)
    }

    /// Called by the writer after each commit with the WAL's size in frames. A background pass
    /// is asked for every `backgroundFrames` new frames (asking on every commit past the mark
    /// would run a pass, with its two fsyncs, per commit while the WAL cannot start over).
    private func committed(frames: Int32, writer: OpaquePointer) {
        if frames < lastWALFrames.load(ordering: .relaxed) { nextBackgroundFrames = backgroundFrames }
        lastWALFrames.store(frames, ordering: .relaxed)
        if frames >= inlineFrames {
            _ = checkpointLock.withLockIfAvailable { _ in
                sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
        } else if frames >= nextBackgroundFrames {
            nextBackgroundFrames = frames + backgroundFrames
            request()
        }
    }

    private func request() {
        lock.withLock {
            guard !isStopping, !isRequested else { return }
            isRequested = true
            if isStarted {
                lock.signal()
            } else {
                isStarted = true
                DetachedThread.start(name: "sqlite-checkpoint") { [self] in
                    run()
                    finished.signal()
                }
            }
        }
    }

    /// Ends the thread after the checkpoint it runs, if any, and waits for it. Safe to call more than once.
    func stop() {
        let started: Bool = lock.withLock {
            isStopping = true
            lock.signal()
            return isStarted
        }
        guard started else { return }
        finished.wait()
        finished.signal()
    }

    private func run() {
        // A connection failing to open (file gone, no descriptors) only means the writer's
        // inline checkpoint takes over once the WAL reaches `inlineFrames`.
        let connection = try? SQLiteConnection(path: path, mode: .readWrite, busyTimeoutMilliseconds: 0)
        try? connection?.execute("PRAGMA synchronous = \(synchronous.pragmaValue)")
        defer { connection?.close() }
        while waitForRequest() {
            guard let handle = connection?.handle else { continue }
            // Busy (another process checkpoints) or an I/O error: the next request tries again.
            _ = try? exclusively { sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK }
            backgroundRuns.add(1, ordering: .relaxed)
        }
    }

    /// Runs `body` while no other checkpoint of this process runs.
    func exclusively(_ body: () throws -> Bool) throws -> Bool {
        try checkpointLock.withLock { _ in try body() }
    }

    /// Waits for a request; false once stopping.
    private func waitForRequest() -> Bool {
        lock.withLock {
            while !isRequested && !isStopping { lock.wait() }
            isRequested = false
            return !isStopping
        }
    }
}
