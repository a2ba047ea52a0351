import Glibc

/// A pthread mutex with a condition variable whose timed waits use the monotonic clock.
final class PostgresLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
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

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits on the condition until signalled or until `deadline`; call only inside `withLock`.
    /// Returns false when the deadline passed.
    func wait(until deadline: PostgresDeadline) -> Bool {
        var spec = deadline.monotonicTimespec
        return pthread_cond_timedwait(condition, mutex, &spec) != ETIMEDOUT
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
