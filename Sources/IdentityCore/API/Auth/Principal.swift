/// Who a request was authenticated as. The API gateway decides it before routing, from the
/// request's credentials; handlers turn it into an `Actor` through `APIContext.actor(for:)`.
public enum Principal: Sendable, Equatable {
    /// No password is configured and no API key was presented: Letta's default-organization mode.
    case anonymous
    /// Presented the server password: acts in the default organization (as in Letta) and may
    /// use the admin API.
    case admin
    /// Presented a valid, unrevoked API key: acts in the key's organization and nowhere else.
    case apiKey(id: String, organizationID: String)

    /// The organization every lookup and write of this principal is scoped to.
    public var organizationID: String {
        switch self {
        case .anonymous, .admin: Actor.defaultOrganizationID
        case let .apiKey(_, organizationID): organizationID
        }
    }

    /// The actor handlers use. Users are not stored, so every principal acts as the default
    /// user (Letta falls back to it for unknown user ids); only the organization differs.
    public var actor: Actor {
        Actor(userID: Actor.defaultUserID, organizationID: organizationID)
    }

    /// How the access log names the principal: `anonymous`, `admin` or the key's id.
    public var logName: String {
        switch self {
        case .anonymous: "anonymous"
        case .admin: "admin"
        case let .apiKey(id, _): id
        }
    }
}
