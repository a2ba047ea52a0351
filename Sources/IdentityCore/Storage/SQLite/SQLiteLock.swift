import Glibc
import Synchronization

/// A pthread mutex with a condition variable that remembers its owning thread, so that re-entrant use
/// (e.g. `write` inside `write`) is reported as an error instead of deadlocking.
final class SQLiteLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private let owner = Atomic<UInt>(0)

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// True when the calling thread holds the lock (only the holder can see its own id stored here).
    var isHeldByCurrentThread: Bool {
        owner.load(ordering: .relaxed) == UInt(pthread_self())
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        owner.store(UInt(pthread_self()), ordering: .relaxed)
        defer {
            owner.store(0, ordering: .relaxed)
            pthread_mutex_unlock(mutex)
        }
        return try body()
    }

    /// Waits on the condition; call only inside `withLock`.
    func wait() {
        owner.store(0, ordering: .relaxed)
        pthread_cond_wait(condition, mutex)
        owner.store(UInt(pthread_self()), ordering: .relaxed)
    }

    /// Wakes one waiter; call inside `withLock`.
    func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter; call inside `withLock`.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
