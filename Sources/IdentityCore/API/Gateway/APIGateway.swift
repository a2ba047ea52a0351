import HTTPKit

/// The server's front door, wrapped around the router: it authenticates every request before
/// routing (so a missing password is a 401 even where the router would answer 404 or 307;
/// public paths such as the console's pages are let through by the `Authenticator`), binds the
/// request's `RequestScope` (principal and limits) while the router handles it, and writes the
/// access-log line with the organization and principal.
///
/// Requests that may write (POST, PUT, PATCH, DELETE) are units of writes: the store runs each
/// with `perform` (`RoutedWriteJob`), and the response is sent only once the unit's writes are
/// durable. A store that groups writes runs them later on its writer thread (the answer goes
/// out through a `ResponseSlot`); others run them at once. Authentication and parsing the JSON
/// body stay on the event loop (the writer thread is the one serial resource). Other requests
/// are answered directly.
///
/// ```swift
/// let context = APIContext(store: store, password: "s3cret")
/// let gateway = APIGateway(context: context, router: LettaAPI.makeRouter(context: context), accessLog: log)
/// let server = HTTPServer(configuration: configuration, responder: gateway)
/// ```
public final class APIGateway: HTTPResponder {
    public let context: APIContext
    private let router: any HTTPResponder
    private let accessLog: AccessLog?
    /// Told about errors that became a generic 500 outside the router: a write group's lost
    /// transaction (see `RoutedWriteJob`). The router reports its own through its hook.
    let onUnhandledError: (@Sendable (any Error, HTTPRequest) -> Void)?

    public init(
        context: APIContext, router: any HTTPResponder, accessLog: AccessLog? = nil,
        onUnhandledError: (@Sendable (any Error, HTTPRequest) -> Void)? = nil
    ) {
        self.context = context
        self.router = router
        self.accessLog = accessLog
        self.onUnhandledError = onUnhandledError
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        reply(to: request).wait()
    }

    public func reply(to request: HTTPRequest) -> HTTPReply {
        let started: ContinuousClock.Instant? = accessLog == nil ? nil : .now
        let principal: Principal
        do {
            principal = try context.authenticator.authenticate(request)
        } catch {
            let response = error.makeResponse()
            record(request, response, principal: nil, started: started)
            return .response(response)
        }
        var scope = RequestScope(principal: principal, limits: context.limits)
        if Self.mayWrite(request.method) {
            scope.parsedBody = RequestBody.parseAhead(request)
            let job = RoutedWriteJob(gateway: self, request: request, scope: scope, started: started)
            switch context.store.perform(job) {
            case .finished: return .response(job.finalResponse ?? .unknownError())
            case .pending: return .deferred(job.slot)
            }
        }
        let response = route(request, scope: scope)
        record(request, response, principal: principal, started: started)
        return .response(response)
    }

    /// The router's response, with the request's scope bound.
    func route(_ request: HTTPRequest, scope: RequestScope) -> HTTPResponse {
        RequestScope.$current.withValue(scope) { router.respond(to: request) }
    }

    /// Writes the access-log line (when logging) for an answered request.
    func record(_ request: HTTPRequest, _ response: HTTPResponse, principal: Principal?, started: ContinuousClock.Instant?) {
        guard let accessLog, let started else { return }
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        accessLog.record(AccessLogEntry(
            time: .now(), method: request.method, path: request.path, status: response.status.code,
            microseconds: Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000), principal: principal
        ))
    }

    /// Methods whose routes may write; they run on the store's writer thread.
    static func mayWrite(_ method: HTTPMethod) -> Bool {
        method == .post || method == .patch || method == .put || method == .delete
    }
}
