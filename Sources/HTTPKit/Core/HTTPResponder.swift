/// Anything that turns a request into a response. Called synchronously on an event-loop
/// thread, so it must be short and must not block on other requests.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}

/// An error that knows which HTTP response it becomes. Handlers throw these; the router
/// renders them. Any other error becomes a 500 with a generic body.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    func makeResponse() -> HTTPResponse
}

/// A request handler: a plain synchronous function run on the event loop.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
