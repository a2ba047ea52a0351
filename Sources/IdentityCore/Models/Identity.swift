/// The kind of party an identity stands for.
public enum IdentityType: String, Sendable, CaseIterable {
    case org, user, other
}

/// The declared type of an identity property's value.
public enum IdentityPropertyType: String, Sendable, CaseIterable {
    case string, number, boolean, json
}

/// A typed key/value pair attached to an identity. Keys are not unique; order is kept.
public struct IdentityProperty: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
    public var type: IdentityPropertyType

    public init(key: String, value: JSONValue, type: IdentityPropertyType) {
        self.key = key
        self.value = value
        self.type = type
    }
}

/// An end user (or org, or other party) of a multi-user app, keyed by `identifierKey`,
/// unique per (project, organization) with a null project counted as a value.
public struct Identity: Sendable, Equatable {
    public var id: String
    public var identifierKey: String
    public var name: String
    public var identityType: IdentityType
    public var projectID: String?
    public var organizationID: String
    public var properties: [IdentityProperty] {
        didSet { renderedProperties = nil }
    }
    /// Ids of the linked agents, oldest link first.
    public var agentIDs: [String]
    /// Ids of the linked blocks, oldest link first.
    public var blockIDs: [String]
    public var createdAt: Timestamp
    /// `properties` as JSON, exactly as `IdentityPropertiesJSON` writes them, attached by reads
    /// that took the list from `StoredJSON`'s intern table; dropped when `properties` change.
    /// Not part of equality.
    var renderedProperties: [UInt8]?

    public init(
        id: String = ObjectID.generate(.identity),
        identifierKey: String,
        name: String,
        identityType: IdentityType,
        projectID: String? = nil,
        organizationID: String,
        properties: [IdentityProperty] = [],
        agentIDs: [String] = [],
        blockIDs: [String] = [],
        createdAt: Timestamp = .now()
    ) {
        self.id = id
        self.identifierKey = identifierKey
        self.name = name
        self.identityType = identityType
        self.projectID = projectID
        self.organizationID = organizationID
        self.properties = properties
        self.agentIDs = agentIDs
        self.blockIDs = blockIDs
        self.createdAt = createdAt
    }
}

extension Identity {
    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        lhs.id == rhs.id && lhs.identifierKey == rhs.identifierKey && lhs.name == rhs.name
            && lhs.identityType == rhs.identityType && lhs.projectID == rhs.projectID
            && lhs.organizationID == rhs.organizationID && lhs.properties == rhs.properties
            && lhs.agentIDs == rhs.agentIDs && lhs.blockIDs == rhs.blockIDs && lhs.createdAt == rhs.createdAt
    }
}
