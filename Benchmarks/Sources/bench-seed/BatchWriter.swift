import Dispatch
import IdentityCore
import Synchronization

/// Runs store writes in batches through `IdentityStore.perform(_:)`: each batch is one
/// `WriteUnit` whose `run` makes many store calls. On `SQLiteStore` the writer thread runs up to
/// 64 queued units in one transaction, so a million objects take a few hundred commits instead
/// of a million, while every object still goes through the same store call the API makes.
///
/// At most `maxPending` batches are queued at once, so the caller builds the next objects
/// while the writer inserts the previous ones without holding the whole corpus in memory.
final class BatchWriter: Sendable {
    private let store: any IdentityStore
    private let slots: DispatchSemaphore
    private let maxPending: Int
    private let firstError = Mutex<String?>(nil)

    init(store: any IdentityStore, maxPending: Int = 8) {
        self.store = store
        self.maxPending = maxPending
        slots = DispatchSemaphore(value: maxPending)
    }

    /// Queues `body` as one unit; blocks while `maxPending` units are queued. After a failure
    /// nothing more is queued (the error comes out of `finish`).
    func submit(_ body: @escaping @Sendable () throws -> Void) {
        slots.wait()
        guard firstError.withLock({ $0 }) == nil else {
            slots.signal()
            return
        }
        let unit = Batch(body: body) { [self] error in
            if let error { firstError.withLock { if $0 == nil { $0 = error } } }
            slots.signal()
        }
        _ = store.perform(unit)
    }

    /// Waits until every queued unit is durable; throws the first failure.
    func finish() throws(SeedError) {
        for _ in 0..<maxPending { slots.wait() }
        for _ in 0..<maxPending { slots.signal() }
        if let message = firstError.withLock({ $0 }) { throw SeedError.failed(message) }
    }

    /// One batch: `body` runs on the store's writer; `ended` gets nil once it is durable, or why not.
    private final class Batch: WriteUnit {
        let body: @Sendable () throws -> Void
        let ended: @Sendable (String?) -> Void
        /// Set by `run` only (on the writer thread), read by `committed` after it.
        nonisolated(unsafe) var error: String?

        init(body: @escaping @Sendable () throws -> Void, ended: @escaping @Sendable (String?) -> Void) {
            self.body = body
            self.ended = ended
        }

        func run() {
            do { try body() } catch { self.error = "\(error)" }
        }

        func committed() { ended(error) }

        func failed(_ error: any Error) { ended("batch not committed: \(error)") }
    }
}
