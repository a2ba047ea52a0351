import HTTPKit

/// The server's front door, wrapped around the router: it authenticates every request before
/// routing (so a missing password is a 401 even where the router would answer 404 or 307),
/// binds the request's `RequestScope` (principal and limits) while the router handles it, and
/// writes the access-log line with the organization and principal.
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

    public init(context: APIContext, router: any HTTPResponder, accessLog: AccessLog? = nil) {
        self.context = context
        self.router = router
        self.accessLog = accessLog
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let accessLog else { return handle(request).response }
        let started = ContinuousClock.now
        let (response, principal) = handle(request)
        let elapsed = ContinuousClock.now - started
        let (seconds, attoseconds) = elapsed.components
        accessLog.record(AccessLogEntry(
            time: .now(), method: request.method, path: request.path, status: response.status.code,
            microseconds: Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000), principal: principal
        ))
        return response
    }

    private func handle(_ request: HTTPRequest) -> (response: HTTPResponse, principal: Principal?) {
        let principal: Principal
        do {
            principal = try context.authenticator.authenticate(request)
        } catch {
            return (error.makeResponse(), nil)
        }
        let scope = RequestScope(principal: principal, limits: context.limits)
        let response = RequestScope.$current.withValue(scope) { router.respond(to: request) }
        return (response, principal)
    }
}
