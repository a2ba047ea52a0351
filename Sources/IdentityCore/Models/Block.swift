/// A memory block: labelled text shared by the agents it is attached to (docs/reference/letta-api.md §2.2).
public struct Block: Sendable, Equatable {
    public static let defaultLimit = 100_000

    public var id: String
    public var organizationID: String
    public var label: String?
    public var value: String
    public var limit: Int
    public var description: String?
    public var metadata: JSONObject
    public var tags: [String]
    public var projectID: String?
    public var templateName: String?
    public var isTemplate: Bool
    public var templateID: String?
    public var baseTemplateID: String?
    public var deploymentID: String?
    public var entityID: String?
    public var preserveOnMigration: Bool?
    public var readOnly: Bool
    public var hidden: Bool?
    public var createdByID: String?
    public var lastUpdatedByID: String?
    public var createdAt: Timestamp

    public init(
        id: String = ObjectID.generate(.block),
        organizationID: String,
        label: String?,
        value: String = "",
        limit: Int = Block.defaultLimit,
        description: String? = nil,
        metadata: JSONObject = JSONObject(),
        tags: [String] = [],
        projectID: String? = nil,
        templateName: String? = nil,
        isTemplate: Bool = false,
        templateID: String? = nil,
        baseTemplateID: String? = nil,
        deploymentID: String? = nil,
        entityID: String? = nil,
        preserveOnMigration: Bool? = false,
        readOnly: Bool = false,
        hidden: Bool? = nil,
        createdByID: String? = nil,
        lastUpdatedByID: String? = nil,
        createdAt: Timestamp = .now()
    ) {
        self.id = id
        self.organizationID = organizationID
        self.label = label
        self.value = value
        self.limit = limit
        self.description = description
        self.metadata = metadata
        self.tags = tags
        self.projectID = projectID
        self.templateName = templateName
        self.isTemplate = isTemplate
        self.templateID = templateID
        self.baseTemplateID = baseTemplateID
        self.deploymentID = deploymentID
        self.entityID = entityID
        self.preserveOnMigration = preserveOnMigration
        self.readOnly = readOnly
        self.hidden = hidden
        self.createdByID = createdByID
        self.lastUpdatedByID = lastUpdatedByID
        self.createdAt = createdAt
    }
}
