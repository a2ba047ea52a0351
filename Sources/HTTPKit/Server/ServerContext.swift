#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// What all event loops of one server share: the responder, limits, timeouts, the
/// connection count and the shutdown flag. Immutable apart from the two atomics.
final class ServerContext: Sendable {
    let responder: any HTTPResponder
    let limits: HTTPRequestParser.Limits
    let accessLog: AccessLogSink?
    let rejectedRequestLog: AccessLogSink?
    let metrics: HTTPServerMetrics?
    let maxConnections: Int
    /// Timeout per `TimerKind`, in nanoseconds.
    let timeouts: [UInt64]
    let gracePeriod: UInt64
    let openConnections = Atomic<Int>(0)
    let shuttingDown = Atomic<Bool>(false)

    /// How long a lingering close waits for the peer to close after our FIN.
    static let lingerTimeout: UInt64 = 2_000_000_000

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.responder = responder
        limits = configuration.parserLimits
        accessLog = configuration.accessLog
        rejectedRequestLog = configuration.rejectedRequestLog
        metrics = configuration.metrics
        maxConnections = max(1, configuration.maxConnections)
        var timeouts = [UInt64](repeating: 0, count: TimerKind.allCases.count)
        timeouts[TimerKind.idle.rawValue] = configuration.idleTimeout.nanoseconds
        timeouts[TimerKind.header.rawValue] = configuration.headerTimeout.nanoseconds
        timeouts[TimerKind.body.rawValue] = configuration.bodyTimeout.nanoseconds
        timeouts[TimerKind.write.rawValue] = configuration.writeTimeout.nanoseconds
        timeouts[TimerKind.linger.rawValue] = min(Self.lingerTimeout, configuration.idleTimeout.nanoseconds)
        self.timeouts = timeouts
        gracePeriod = configuration.shutdownGracePeriod.nanoseconds
    }

    var isShuttingDown: Bool { shuttingDown.load(ordering: .acquiring) }

    /// Counts a new connection unless the cap is reached.
    func reserveConnection() -> Bool {
        let count = openConnections.wrappingAdd(1, ordering: .relaxed).newValue
        if count > maxConnections {
            openConnections.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseConnection() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
    }
}

/// CLOCK_MONOTONIC in nanoseconds: for deadlines and access-log durations.
enum MonotonicClock {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
