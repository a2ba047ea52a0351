import Glibc
import HTTPKit
import IdentityCore

/// The progress line of a long command: objects read and written per kind, the rate and the
/// time remaining, redrawn in place at most five times a second on standard error — only when
/// standard error is a terminal, so logs and pipes stay quiet.
public final class Progress: @unchecked Sendable {
    private let lock = ConditionLock()
    private let enabled: Bool
    private var started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var phase = "reading"
    private var totals = ObjectCounts()
    private var done: [ObjectKind: Int] = [:]
    private var links = 0
    private var drewSomething = false

    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Starts a phase ("reading", "writing", "verifying") whose totals are known (or zero).
    public func begin(_ phase: String, totals: ObjectCounts) {
        lock.withLock {
            self.phase = phase
            self.totals = totals
            started = ContinuousClock.now
            done = [:]
            links = 0
        }
        draw(force: true)
    }

    func read(_ kind: ObjectKind, _ count: Int, links newLinks: Int = 0) {
        lock.withLock {
            done[kind, default: 0] += count
            links += newLinks
        }
        draw(force: false)
    }

    /// One object of `kind` was handled in the current phase.
    public func advance(_ kind: ObjectKind) {
        read(kind, 1)
    }

    /// Clears the line before other output.
    public func finish() {
        guard enabled else { return }
        lock.withLock {
            if drewSomething { StandardStreams.writeError("\r\u{1B}[K") }
            drewSomething = false
        }
    }

    private func draw(force: Bool) {
        guard enabled else { return }
        lock.withLock {
            let now = ContinuousClock.now
            guard force || lastDrawn.map({ now - $0 >= .milliseconds(200) }) ?? true else { return }
            lastDrawn = now
            let identities = done[.identity, default: 0]
            let blocks = done[.block, default: 0]
            let agents = done[.agent, default: 0]
            let all = identities + blocks + agents
            let elapsed = max((now - started).seconds, 0.001)
            let rate = Double(all) / elapsed
            // Each identity's blocks and each agent's export are one more request while reading:
            // count them for the time left.
            let linkTotal = phase == "reading" ? totals.identities + totals.agents : 0
            let total = totals.identities + totals.blocks + totals.agents + linkTotal
            let items = all + links
            let itemRate = Double(items) / elapsed
            var line = "\(phase): identities \(identities)/\(totals.identities)"
                + " blocks \(blocks)/\(totals.blocks) agents \(agents)/\(totals.agents)"
            if links > 0 { line += " links and exports \(links)/\(linkTotal)" }
            line += "  \(StandardStreams.fixed(rate, digits: 0)) objects/s"
            if itemRate > 0, total > items { line += "  ~\(StandardStreams.fixed(Double(total - items) / itemRate, digits: 0)) s left" }
            StandardStreams.writeError("\r\u{1B}[K\(line)")
            drewSomething = true
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
