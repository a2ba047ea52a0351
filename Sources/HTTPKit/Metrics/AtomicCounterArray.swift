import Synchronization

/// A fixed array of 64-bit atomic counters in one allocation, read from any thread.
/// `bump` is for the counter's single writer (a plain load and store, no locked instruction,
/// e.g. an event loop counting its own requests); `add` for counters several threads update.
final class AtomicCounterArray: @unchecked Sendable {
    let count: Int
    private let base: UnsafeMutablePointer<Atomic<UInt64>>

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        for index in 0..<count { (base + index).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    func load(_ index: Int) -> UInt64 {
        base[index].load(ordering: .relaxed)
    }

    /// Adds `amount`; only one thread may write this counter.
    @inline(__always)
    func bump(_ index: Int, by amount: UInt64 = 1) {
        base[index].store(base[index].load(ordering: .relaxed) &+ amount, ordering: .relaxed)
    }

    /// Sets the value; only one thread may write this counter.
    @inline(__always)
    func set(_ index: Int, _ value: UInt64) {
        base[index].store(value, ordering: .relaxed)
    }

    /// Adds `amount` atomically (any number of writers).
    @inline(__always)
    func add(_ index: Int, _ amount: UInt64) {
        base[index].wrappingAdd(amount, ordering: .relaxed)
    }

    /// Publishes a value for readers that `acquire` it (a key written after its count).
    @inline(__always)
    func publish(_ index: Int, _ value: UInt64) {
        base[index].store(value, ordering: .releasing)
    }

    @inline(__always)
    func acquire(_ index: Int) -> UInt64 {
        base[index].load(ordering: .acquiring)
    }
}
