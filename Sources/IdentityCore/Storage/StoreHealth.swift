import Synchronization

/// Whether a store can write now. The store reports each lost write (`writeFailed`) and each
/// commit (`writeSucceeded`); an *episode* runs from the first failure to the next success and
/// is logged once when it begins and once when it ends, never once per request. Readiness
/// (`GET /v1/ready/`) answers 503 while an episode runs and the store's own check fails.
///
/// `writeSucceeded` is on every commit's path: outside an episode it is one relaxed atomic load.
public final class StoreHealth: Sendable {
    private struct Episode {
        var problem: String
        var started: ContinuousClock.Instant
        var failures: Int
    }

    private let failing = Atomic<Bool>(false)
    private let episode = Mutex<Episode?>(nil)
    private let log: @Sendable (String) -> Void

    /// `log` receives one line (without newline) per episode start and end; by default it is
    /// written to standard error as `identity-server: <line>`.
    public init(log: @escaping @Sendable (String) -> Void = StoreHealth.standardErrorLog) {
        self.log = log
    }

    public static let standardErrorLog: @Sendable (String) -> Void = { line in
        AccessLog.writeToStandardError(Array("identity-server: \(line)\n".utf8))
    }

    /// The store lost a write because it cannot write (`problem` says why, in words).
    public func writeFailed(_ problem: String) {
        let began: Bool = episode.withLock { episode in
            if episode != nil {
                episode!.failures += 1
                return false
            }
            episode = Episode(problem: problem, started: .now, failures: 1)
            failing.store(true, ordering: .releasing)
            return true
        }
        if began { log("database not writable: \(problem)") }
    }

    /// A write transaction committed.
    @inline(__always)
    public func writeSucceeded() {
        guard failing.load(ordering: .relaxed) else { return }
        let ended: Episode? = episode.withLock { episode in
            defer { episode = nil }
            failing.store(false, ordering: .releasing)
            return episode
        }
        guard let ended else { return }
        let seconds = (ContinuousClock.now - ended.started).components.seconds
        log("database writable again after \(seconds) s and \(ended.failures) failed write(s) (was: \(ended.problem))")
    }

    /// Why writes fail now, or nil when the last write committed.
    public var problem: String? {
        guard failing.load(ordering: .acquiring) else { return nil }
        return episode.withLock { $0?.problem }
    }
}
