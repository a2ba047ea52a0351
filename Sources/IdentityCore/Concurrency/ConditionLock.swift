import Glibc
import Synchronization

/// A pthread mutex with a condition variable, shared by the storage engines (writer lock, reader
/// pool, connection pool, writer thread queue).
///
/// - It remembers its owning thread, so re-entrant use (e.g. a write inside a write) can be
///   reported as an error instead of deadlocking (`isHeldByCurrentThread`).
/// - Its timed waits use the monotonic clock, so a change of the wall clock never shortens or
///   stretches them.
package final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let owner = Atomic<UInt>(0)

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// True when the calling thread holds the lock (only the holder can see its own id stored here).
    package var isHeldByCurrentThread: Bool {
        owner.load(ordering: .relaxed) == UInt(pthread_self())
    }

    @inlinable
    package func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    @usableFromInline
    package func lock() {
        pthread_mutex_lock(mutex)
        owner.store(UInt(pthread_self()), ordering: .relaxed)
    }

    @usableFromInline
    package func unlock() {
        owner.store(0, ordering: .relaxed)
        pthread_mutex_unlock(mutex)
    }

    /// Waits on the condition until signalled; call only inside `withLock`.
    package func wait() {
        owner.store(0, ordering: .relaxed)
        pthread_cond_wait(condition, mutex)
        owner.store(UInt(pthread_self()), ordering: .relaxed)
    }

    /// Waits on the condition until signalled or until the CLOCK_MONOTONIC time `deadline`; call
    /// only inside `withLock`. Returns false when the deadline passed.
    package func wait(untilMonotonic deadline: timespec) -> Bool {
        var deadline = deadline
        owner.store(0, ordering: .relaxed)
        let result = pthread_cond_timedwait(condition, mutex, &deadline)
        owner.store(UInt(pthread_self()), ordering: .relaxed)
        return result != ETIMEDOUT
    }

    /// Wakes one waiter; call inside `withLock`.
    package func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter; call inside `withLock`.
    package func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
