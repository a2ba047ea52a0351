import Dispatch
import IdentityCore
import Synchronization

/// Runs one kind's import jobs (each: one object with its links, see `ObjectImporter`) in
/// batches, through `IdentityStore.perform`:
///
/// - a store with a writer thread (SQLite) queues them in order and commits up to its group size
///   (64) in one transaction, each object's write a savepoint of it, so a failing object rolls
///   back only itself and is reported on its own;
/// - a store that runs a unit at once (PostgreSQL: `perform` answers `.finished`) gets `lanes`
///   jobs in flight on their own connections, each object its own transaction.
///
/// Jobs of one call must not depend on each other (one kind at a time: blocks, then identities,
/// then agents). Returns the outcomes in job order, once every write is durable.
struct BatchedWrites {
    let store: any IdentityStore
    var lanes = 4

    /// Jobs queued at once: a bounded queue for the writer thread, many groups per window.
    static let window = 1024

    func run(_ jobs: [@Sendable () throws -> ImportOutcome], done: @escaping @Sendable () -> Void) throws -> [ImportOutcome] {
        var outcomes: [ImportOutcome] = []
        outcomes.reserveCapacity(jobs.count)
        for start in stride(from: 0, to: jobs.count, by: Self.window) {
            outcomes += try runWindow(Array(jobs[start..<min(start + Self.window, jobs.count)]), done: done)
        }
        return outcomes
    }

    private func runWindow(_ jobs: [@Sendable () throws -> ImportOutcome], done: @escaping @Sendable () -> Void) throws
        -> [ImportOutcome]
    {
        let units = jobs.enumerated().map { index, job in ImportUnit(index: index, job: job, done: done) }
        let finished = DispatchGroup()
        for unit in units { finished.enter(); unit.group = finished }
        if store.perform(units[0]) == .finished {
            // Runs units on the calling threads: spread them over `lanes` threads.
            let next = Counter(start: 1)
            DispatchQueue.concurrentPerform(iterations: min(lanes, units.count - 1)) { _ in
                while let index = next.take(below: units.count) { _ = store.perform(units[index]) }
            }
        } else {
            for unit in units.dropFirst() { _ = store.perform(unit) }
        }
        finished.wait()
        return try units.map { try $0.outcome() }
    }
}

/// One job as a `WriteUnit`: its outcome counts only once `committed`; if the shared
/// transaction is lost, the object is skipped with the reason, or the run stops when the
/// database is unavailable or full.
private final class ImportUnit: WriteUnit, @unchecked Sendable {
    let index: Int
    let job: @Sendable () throws -> ImportOutcome
    let done: @Sendable () -> Void
    var group: DispatchGroup?
    private var result: Result<ImportOutcome, any Error> = .failure(StoreError.unavailable(message: "not run"))

    init(index: Int, job: @escaping @Sendable () throws -> ImportOutcome, done: @escaping @Sendable () -> Void) {
        self.index = index
        self.job = job
        self.done = done
    }

    func run() {
        result = Result { try job() }
    }

    func committed() {
        done()
        group?.leave()
    }

    func failed(_ error: any Error) {
        switch error {
        case StoreError.unavailable, StoreError.storageFull: result = .failure(error)
        default: result = .success(.skipped(reason: "write failed: \(error)"))
        }
        group?.leave()
    }

    /// Read after the group was waited for (the writes and this read are ordered by it).
    func outcome() throws -> ImportOutcome {
        try result.get()
    }
}

/// Hands out increasing numbers to several threads.
private final class Counter: Sendable {
    private let value: Mutex<Int>

    init(start: Int) {
        value = Mutex(start)
    }

    func take(below limit: Int) -> Int? {
        value.withLock { value in
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
