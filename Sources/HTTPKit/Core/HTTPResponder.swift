/// Anything that turns a request into a response. The server calls `reply(to:)` on an
/// event-loop thread, so it must be short and must not block on other requests; work that
/// has to wait (e.g. for a database writer thread) answers later through a `ResponseSlot`.
public protocol HTTPResponder: Sendable {
    /// The response, synchronously. A responder that defers some requests still answers
    /// here, by waiting for its slot (for in-process callers such as tests).
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// What the server sends for `request`: a response now, or a slot completed later from
    /// any thread. Defaults to `.response(respond(to:))`.
    func reply(to request: HTTPRequest) -> HTTPReply
}

extension HTTPResponder {
    public func reply(to request: HTTPRequest) -> HTTPReply {
        .response(respond(to: request))
    }
}

/// A responder's answer to one request: the response itself, or a `ResponseSlot` that will
/// receive it. While a slot is pending its connection answers nothing else (pipelined
/// requests wait behind it, so responses keep their order).
public enum HTTPReply: Sendable {
    case response(HTTPResponse)
    case deferred(ResponseSlot)

    /// The response, waiting for a deferred one. Never call it on the thread that is meant
    /// to complete the slot.
    public func wait() -> HTTPResponse {
        switch self {
        case let .response(response): return response
        case let .deferred(slot): return slot.wait()
        }
    }
}

/// An error that knows which HTTP response it becomes. Handlers throw these; the router
/// renders them. Any other error becomes a 500 with a generic body.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    func makeResponse() -> HTTPResponse
}

/// A request handler: a plain synchronous function run on the event loop.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
