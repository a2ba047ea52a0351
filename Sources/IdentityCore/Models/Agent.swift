/// An agent as stored: the columns lists filter and sort on, the configuration objects the
/// API derives and echoes (`llm_config`, …) kept as JSON, and its relationships.
///
/// Relationship arrays (`tags`, `identityIDs`, `blockIDs`) are the source of truth for links:
/// storing an agent replaces its link sets with these. `identities` and `blocks` are filled by
/// reads (the linked objects, in link order) and ignored on writes.
public struct Agent: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var name: String
    public var agentType: String
    public var system: String
    public var description: String?
    /// `null` unless set (agent metadata defaults to null, unlike block metadata).
    public var metadata: JSONValue
    public var createdByID: String?
    public var lastUpdatedByID: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var projectID: String?
    public var templateID: String?
    public var baseTemplateID: String?
    public var deploymentID: String?
    public var entityID: String?
    public var hidden: Bool?
    public var lastRunCompletion: Timestamp?
    public var lastRunDurationMs: Int?
    public var lastStopReason: String?
    public var timezone: String?
    public var maxFilesOpen: Int?
    public var perFileViewWindowCharLimit: Int?
    public var messageBufferAutoclear: Bool
    public var enableSleeptime: Bool?
    /// The LLMConfig object, every key present (docs/reference/letta-api.md §2.3).
    public var llmConfig: JSONObject {
        didSet { rendered.llmConfig = nil }
    }
    /// The EmbeddingConfig object, or nil when the agent has none.
    public var embeddingConfig: JSONObject? {
        didSet { rendered.embeddingConfig = nil }
    }
    /// CompactionSettings, or nil.
    public var compactionSettings: JSONValue {
        didSet { rendered.compactionSettings = nil }
    }
    public var responseFormat: JSONValue
    public var toolRules: [JSONValue]
    public var messageIDs: [String]
    /// Secrets as (key, value) pairs, order kept.
    public var secrets: [(key: String, value: String)]
    /// The agent's tools as a JSON array of Letta Tool objects (imported from an agent file),
    /// kept as text and rendered as is; nil when it has none.
    public var toolsJSON: [UInt8]?

    public var tags: [String]
    public var identityIDs: [String]
    public var blockIDs: [String]
    /// Filled by reads: the linked identities in link order, without link lists of their own
    /// (`agentIDs` and `blockIDs` empty, as responses render them).
    public var identities: [Identity]
    /// Filled by reads: the attached blocks in attachment order, each with its tags.
    public var blocks: [Block]
    /// The revision the agent was read at (`agents.revision`, see `AgentRenderCache`); 0 when it was
    /// not read from a store. Not part of equality.
    public var revision: Int64 = 0
    /// Renderings of the configuration objects shared by reads (see `AgentRenderedConfigs`);
    /// changing an object drops its rendering. Not part of equality.
    var rendered = AgentRenderedConfigs()

    public init(
        id: String = ObjectID.generate(.agent),
        organizationID: String,
        name: String,
        agentType: String,
        system: String,
        llmConfig: JSONObject,
        createdAt: Timestamp = .now()
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.agentType = agentType
        self.system = system
        self.description = nil
        self.metadata = .null
        self.createdByID = nil
        self.lastUpdatedByID = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.projectID = nil
        self.templateID = nil
        self.baseTemplateID = nil
        self.deploymentID = nil
        self.entityID = nil
        self.hidden = nil
        self.lastRunCompletion = nil
        self.lastRunDurationMs = nil
        self.lastStopReason = nil
        self.timezone = "UTC"
        self.maxFilesOpen = nil
        self.perFileViewWindowCharLimit = nil
        self.messageBufferAutoclear = false
        self.enableSleeptime = nil
        self.llmConfig = llmConfig
        self.embeddingConfig = nil
        self.compactionSettings = .null
        self.responseFormat = .null
        self.toolRules = []
        self.messageIDs = []
        self.secrets = []
        self.toolsJSON = nil
        self.tags = []
        self.identityIDs = []
        self.blockIDs = []
        self.identities = []
        self.blocks = []
    }

    public static func == (lhs: Agent, rhs: Agent) -> Bool {
        lhs.id == rhs.id && lhs.organizationID == rhs.organizationID && lhs.name == rhs.name
            && lhs.agentType == rhs.agentType && lhs.system == rhs.system && lhs.description == rhs.description
            && lhs.metadata == rhs.metadata && lhs.createdByID == rhs.createdByID
            && lhs.lastUpdatedByID == rhs.lastUpdatedByID && lhs.createdAt == rhs.createdAt
            && lhs.updatedAt == rhs.updatedAt && lhs.projectID == rhs.projectID && lhs.templateID == rhs.templateID
            && lhs.baseTemplateID == rhs.baseTemplateID && lhs.deploymentID == rhs.deploymentID
            && lhs.entityID == rhs.entityID && lhs.hidden == rhs.hidden
            && lhs.lastRunCompletion == rhs.lastRunCompletion && lhs.lastRunDurationMs == rhs.lastRunDurationMs
            && lhs.lastStopReason == rhs.lastStopReason && lhs.timezone == rhs.timezone
            && lhs.maxFilesOpen == rhs.maxFilesOpen && lhs.perFileViewWindowCharLimit == rhs.perFileViewWindowCharLimit
            && lhs.messageBufferAutoclear == rhs.messageBufferAutoclear && lhs.enableSleeptime == rhs.enableSleeptime
            && lhs.llmConfig == rhs.llmConfig && lhs.embeddingConfig == rhs.embeddingConfig
            && lhs.compactionSettings == rhs.compactionSettings && lhs.responseFormat == rhs.responseFormat
            && lhs.toolRules == rhs.toolRules && lhs.messageIDs == rhs.messageIDs
            && lhs.toolsJSON == rhs.toolsJSON
            && lhs.secrets.elementsEqual(rhs.secrets, by: { $0.key == $1.key && $0.value == $1.value })
            && lhs.tags == rhs.tags && lhs.identityIDs == rhs.identityIDs && lhs.blockIDs == rhs.blockIDs
            && lhs.identities == rhs.identities && lhs.blocks == rhs.blocks
    }
}
