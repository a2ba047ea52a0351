import Dispatch
import Synchronization

/// A response given later, exactly once, from any thread: a responder returns
/// `.deferred(slot)` and whoever does the work calls `complete(_:)`. The server then sends
/// the response on the connection's own event loop; if the connection closed meanwhile the
/// response is dropped.
///
/// ```swift
/// func reply(to request: HTTPRequest) -> HTTPReply {
///     let slot = ResponseSlot()
///     worker.enqueue { slot.complete(.json(render(request))) }
///     return .deferred(slot)
/// }
/// ```
public final class ResponseSlot: Sendable {
    private struct State {
        var response: HTTPResponse?
        var observer: (@Sendable (HTTPResponse) -> Void)?
        var isCompleted = false
        var isObserved = false
    }

    private let state = Mutex(State())

    public init() {}

    /// True once `complete(_:)` was called.
    public var isCompleted: Bool { state.withLock { $0.isCompleted } }

    /// Gives the response. The first call wins: later calls change nothing and return false.
    @discardableResult
    public func complete(_ response: HTTPResponse) -> Bool {
        let (accepted, observer) = state.withLock { state -> (Bool, (@Sendable (HTTPResponse) -> Void)?) in
            guard !state.isCompleted else { return (false, nil) }
            state.isCompleted = true
            guard let observer = state.observer else {
                state.response = response
                return (true, nil)
            }
            state.observer = nil
            return (true, observer)
        }
        observer?(response)
        return accepted
    }

    /// Calls `observer` once with the response: right away on this thread when the slot is
    /// already complete, else on the thread that completes it. One observer per slot.
    public func whenCompleted(_ observer: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready: HTTPResponse? = state.withLock { state in
            precondition(!state.isObserved, "a ResponseSlot takes one observer")
            state.isObserved = true
            guard state.isCompleted, let response = state.response else {
                state.observer = observer
                return nil
            }
            state.response = nil
            return response
        }
        if let ready { observer(ready) }
    }

    /// Blocks the calling thread until the slot is completed and returns the response.
    public func wait() -> HTTPResponse {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<HTTPResponse?>(nil)
        whenCompleted { response in
            box.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
