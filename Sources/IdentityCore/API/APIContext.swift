import HTTPKit

/// What every API handler needs: the store, and how to tell who is asking.
public final class APIContext: Sendable {
    public let store: any IdentityStore
    /// Organizations and API keys: the store itself when it implements `TenantStore`, else nil
    /// (then the admin API answers 501 and every API key is refused).
    public let tenants: (any TenantStore)?
    /// Password mode and API keys (see `Authenticator`).
    public let authenticator: Authenticator
    /// Page-size and list-length caps, bound into each request's `RequestScope` by the gateway.
    public let limits: APILimits
    /// The version `GET /v1/health/` reports.
    public let version: String
    /// Rendered agents reused by agent reads while their revision is current; nil: every read loads
    /// and renders (`--agent-cache-mb 0`).
    public let agentCache: AgentRenderCache?

    /// `password` nil or empty: no password mode (Letta's default).
    /// `publicPaths`: pages that need no credentials even in password mode (see `PublicPaths`).
    public init(
        store: any IdentityStore, version: String = "0.16.8", password: String? = nil, limits: APILimits = .default,
        publicPaths: PublicPaths = .none, agentCache: AgentRenderCache? = AgentRenderCache()
    ) {
        self.store = store
        self.agentCache = agentCache
        self.version = version
        self.limits = limits
        tenants = store as? any TenantStore
        authenticator = Authenticator(password: password, tenants: tenants, publicPaths: publicPaths)
    }

    /// The actor of a request (docs/reference/letta-api.md §1.4): the `user_id` header must look like `user-<uuid4>` if
    /// present (else 400). Users are not stored, so the header never changes the actor (Letta
    /// falls back to the default user for unknown ids) and never leaves the organization the
    /// gateway authenticated: the default one, or the API key's. Without a gateway scope
    /// (a router driven directly) the default organization is used, unless a password is set,
    /// in which case the request is refused.
    public func actor(for request: HTTPRequest) throws(APIError) -> Actor {
        if let userID = request.headers["user_id"], !ObjectID.isValid(userID, kind: .user) {
            throw APIError.badRequest("INVALID_ARGUMENT: Invalid user ID format: \(userID). Expected format: 'user-<uuid4>'")
        }
        if let scope = RequestScope.current { return scope.principal.actor }
        if authenticator.requiresCredentials { throw APIError.unauthorized() }
        return .default
    }
}
