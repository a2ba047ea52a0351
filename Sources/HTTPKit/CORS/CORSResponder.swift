/// Applies a `CORSPolicy` in front of another responder: preflights are answered here and
/// never reach `next` (so they need no credentials); every other response to a request with
/// an `Origin` gets the policy's headers, deferred ones included.
///
/// ```swift
/// let policy = CORSPolicy(allowedOrigins: ["http://localhost:3000"])
/// let server = HTTPServer(configuration: configuration, responder: CORSResponder(policy: policy, next: app))
/// ```
public final class CORSResponder: HTTPResponder {
    public let policy: CORSPolicy
    private let next: any HTTPResponder

    public init(policy: CORSPolicy, next: any HTTPResponder) {
        self.policy = policy
        self.next = next
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        reply(to: request).wait()
    }

    public func reply(to request: HTTPRequest) -> HTTPReply {
        guard let origin = request.headers["Origin"] else { return next.reply(to: request) }
        if CORSPolicy.isPreflight(request) { return .response(policy.preflightResponse(to: request)) }
        switch next.reply(to: request) {
        case var .response(response):
            policy.decorate(&response, origin: origin)
            return .response(response)
        case let .deferred(inner):
            let outer = ResponseSlot()
            let policy = policy
            inner.whenCompleted { response in
                var response = response
                policy.decorate(&response, origin: origin)
                outer.complete(response)
            }
            return .deferred(outer)
        }
    }
}
