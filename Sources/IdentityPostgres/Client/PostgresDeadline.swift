import Glibc
import IdentityCore

/// A point in monotonic time after which a wait gives up.
struct PostgresDeadline {
    private let nanoseconds: UInt64

    init(secondsFromNow seconds: Double) {
        nanoseconds = Self.now() + UInt64(max(0, seconds) * 1e9)
    }

    init(monotonicNanoseconds: UInt64) {
        nanoseconds = monotonicNanoseconds
    }

    /// Milliseconds left (0 when passed), rounded up so a wait never spins on 0 before the deadline.
    var remainingMilliseconds: Int32 {
        let now = Self.now()
        guard nanoseconds > now else { return 0 }
        return Int32(min(UInt64(Int32.max), (nanoseconds - now + 999_999) / 1_000_000))
    }

    var hasPassed: Bool { Self.now() >= nanoseconds }

    /// The deadline as a CLOCK_MONOTONIC timespec (for `pthread_cond_timedwait`).
    var monotonicTimespec: timespec {
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
