/// A unit of work for a store's writer thread (see `WriteExecutor`): typically one API request
/// that writes. `run` executes inside a transaction shared with other jobs; exactly one of
/// `committed` or `failed` follows, on the writer thread, once that transaction has ended.
public protocol WriteJob: AnyObject, Sendable {
    /// Does the work. Store calls made here join the open transaction: each store write is
    /// still all-or-nothing (a failing write undoes only itself), and reads see what earlier
    /// jobs of the same transaction wrote. The store's writes return before they are durable:
    /// keep what they returned and act on it only in `committed`.
    func run()
    /// The transaction holding the job's writes committed (jobs that wrote nothing get this
    /// too). Now the result may be published.
    func committed()
    /// The transaction was lost (COMMIT failed, or the database rolled it back): nothing the
    /// job wrote is stored. `error` is what the store would have thrown for a lone write
    /// (`StoreError.unavailable` for a busy database).
    func failed(_ error: any Error)
}

/// Runs a store's write jobs on its writer thread, as many per transaction as were queued
/// while the previous transaction committed (group commit): one commit, one WAL append and
/// one fsync (with synchronous FULL) serve the whole group.
public protocol WriteExecutor: Sendable {
    /// Queues the job; returns at once. After the executor stopped the job fails at once.
    func submit(_ job: any WriteJob)
}

/// A store that groups writes on a writer thread (SQLite). Stores without one (PostgreSQL,
/// which has concurrent writers) are called directly.
public protocol WriteGroupingStore: Sendable {
    var writeExecutor: any WriteExecutor { get }
}
