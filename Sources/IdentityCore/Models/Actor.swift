/// On whose behalf a request runs: a user in an organization (docs/reference/letta-api.md §1.4). Every lookup and
/// write is scoped to `organizationID`.
public struct Actor: Sendable, Equatable {
    public static let defaultUserID = "user-00000000-0000-4000-8000-000000000000"
    public static let defaultOrganizationID = "org-00000000-0000-4000-8000-000000000000"
    public static let defaultOrganizationName = "default_org"

    public var userID: String
    public var organizationID: String

    public init(userID: String, organizationID: String) {
        self.userID = userID
        self.organizationID = organizationID
    }

    /// The default user in the default organization.
    public static let `default` = Actor(userID: defaultUserID, organizationID: defaultOrganizationID)
}
