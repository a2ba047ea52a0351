import Dispatch
import Foundation

@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres

/// A `WriteJob` running a closure, recording how its transaction ended and signalling `done`.
package final class RecordingJob: WriteUnit, @unchecked Sendable {
    package enum Outcome: Equatable {
        case committed
        case failed(String)
    }

    private let body: () -> Void
    private let lock = NSLock()
    private var recorded: Outcome?
    package let done = DispatchSemaphore(value: 0)

    package init(_ body: @escaping () -> Void = {}) {
        self.body = body
    }

    package func run() { body() }

    package func committed() { finish(.committed) }

    package func failed(_ error: any Error) { finish(.failed(String(describing: error))) }

    private func finish(_ outcome: Outcome) {
        lock.lock()
        precondition(recorded == nil, "a job ends once")
        recorded = outcome
        lock.unlock()
        done.signal()
    }

    /// How the job ended; waits up to five seconds for it.
    package func outcome() -> Outcome? {
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        done.signal()
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}
