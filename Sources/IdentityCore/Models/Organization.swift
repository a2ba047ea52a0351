/// A tenant. Every identity, agent and block belongs to exactly one organization, and every
/// API call acts in one (docs/reference/letta-api.md §1.4). `Actor.defaultOrganizationID` always exists.
public struct Organization: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Timestamp

    public init(id: String = ObjectID.generate(.org), name: String, createdAt: Timestamp = .now()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
