/// What the API gateway established about one request, bound for the duration of its
/// handling (a task-local value, also usable from the synchronous event-loop threads), so
/// code deep in the handlers reads it without every signature passing it along.
public struct RequestScope: Sendable {
    public var principal: Principal
    public var limits: APILimits
    /// The request's JSON body, parsed by the gateway on the event loop before a write is handed
    /// to the store's writer thread (`RequestBody.parseAhead`), so the one writer does not parse;
    /// nil when it was not parsed ahead. `RequestBody.json` reads it.
    public var parsedBody: Result<JSONValue, JSONParseError>?

    public init(principal: Principal, limits: APILimits) {
        self.principal = principal
        self.limits = limits
    }

    /// The scope of the request being handled on this thread or task; nil outside the gateway
    /// (e.g. a router driven directly in tests).
    @TaskLocal public static var current: RequestScope?

    /// The limits in force: the bound scope's, else the defaults.
    public static var limits: APILimits { current?.limits ?? .default }
}
