/// An object read from a migration source (a Letta server or a dump), ready for `ObjectImporter`.
/// `createdAtKnown` is false when the source does not expose the creation time (Letta's REST API
/// shows none for identities and blocks): `createdAt` is then a stand-in that keeps the source's
/// order, and a target copy keeps the creation time it already has.
///
/// `linkOrderKnown` is false when the order of an agent's blocks in the source means nothing:
/// Letta 0.16.8 reads an agent's blocks through a join without `ORDER BY`, so the same agent's
/// `blocks` come back in link-table order, block-table order or index order depending on
/// PostgreSQL's plan (the page size, the table statistics after an autoanalyze). A target copy
/// with the same blocks then keeps its order; a new copy takes the order read.
///
/// `toolsKnown` is false for an agent read from a version 1 dump, which had no `tools`: a target
/// copy then keeps its tools.
public struct SourceRecord<Object: Sendable>: Sendable {
    public var object: Object
    public var createdAtKnown: Bool
    public var linkOrderKnown: Bool
    public var toolsKnown = true

    public init(object: Object, createdAtKnown: Bool, linkOrderKnown: Bool = true) {
        self.object = object
        self.createdAtKnown = createdAtKnown
        self.linkOrderKnown = linkOrderKnown
    }
}

/// Decodes Letta's JSON objects (Identity, BlockResponse, AgentState as Letta 0.16.8 renders them)
/// and this server's dump lines, which use the same member names plus `created_at` where Letta
/// has none and link arrays (`block_ids`) where Letta nests objects. Only what this server
/// stores is read; everything else of the object (e.g. `model_settings`) is ignored.
public enum RecordDecoding {
    /// An identity with its properties and its block links (`block_ids`). Its agent links are
    /// carried by the agents (`identity_ids`), so `agentIDs` stays empty.
    public static func identity(
        _ json: JSONValue, organizationID: String, blockIDs: [String]? = nil, fallbackCreatedAt: Timestamp
    ) throws -> SourceRecord<Identity> {
        let reader = try RecordReader(json, kind: "identity")
        guard let type = IdentityType(rawValue: try reader.string("identity_type")) else {
            throw reader.fail("identity_type", "one of org, user, other")
        }
        let properties = try reader.array("properties").map { item in
            let property = try RecordReader(item, kind: "\(reader.name) property")
            guard let propertyType = IdentityPropertyType(rawValue: try property.string("type")) else {
                throw property.fail("type", "one of string, number, boolean, json")
            }
            guard let value = item["value"], !value.isNull else { throw property.fail("value", "present") }
            return IdentityProperty(key: try property.string("key"), value: value, type: propertyType)
        }
        let createdAt = try reader.optionalTimestamp("created_at")
        let identity = Identity(
            id: try reader.id("id", kind: .identity),
            identifierKey: try reader.string("identifier_key"),
            name: try reader.string("name"),
            identityType: type,
            projectID: try reader.optionalString("project_id"),
            organizationID: organizationID,
            properties: properties,
            agentIDs: [],
            blockIDs: try blockIDs ?? reader.ids("block_ids", kind: .block),
            createdAt: createdAt ?? fallbackCreatedAt
        )
        return SourceRecord(object: identity, createdAtKnown: createdAt != nil)
    }

    /// A block with its tags and author ids.
    public static func block(_ json: JSONValue, organizationID: String, fallbackCreatedAt: Timestamp) throws
        -> SourceRecord<Block>
    {
        let reader = try RecordReader(json, kind: "block")
        let createdAt = try reader.optionalTimestamp("created_at")
        let block = Block(
            id: try reader.id("id", kind: .block),
            organizationID: organizationID,
            label: try reader.optionalString("label"),
            value: try reader.optionalString("value") ?? "",
            limit: try reader.optionalInt("limit") ?? Block.defaultLimit,
            description: try reader.optionalString("description"),
            metadata: try reader.optionalObject("metadata") ?? JSONObject(),
            tags: try reader.strings("tags"),
            projectID: try reader.optionalString("project_id"),
            templateName: try reader.optionalString("template_name"),
            isTemplate: try reader.bool("is_template", default: false),
            templateID: try reader.optionalString("template_id"),
            baseTemplateID: try reader.optionalString("base_template_id"),
            deploymentID: try reader.optionalString("deployment_id"),
            entityID: try reader.optionalString("entity_id"),
            preserveOnMigration: try reader.optionalBool("preserve_on_migration"),
            readOnly: try reader.bool("read_only", default: false),
            hidden: try reader.optionalBool("hidden"),
            createdByID: try reader.optionalString("created_by_id"),
            lastUpdatedByID: try reader.optionalString("last_updated_by_id"),
            createdAt: createdAt ?? fallbackCreatedAt
        )
        return SourceRecord(object: block, createdAtKnown: createdAt != nil)
    }

    /// An agent with every field this server stores, its tools (`tools`: Letta's Tool objects,
    /// kept as given), its tags, identity links and block links in attachment order (`block_ids`,
    /// or the ids of Letta's nested `blocks`).
    public static func agent(_ json: JSONValue, organizationID: String) throws -> SourceRecord<Agent> {
        let reader = try RecordReader(json, kind: "agent")
        var agent = Agent(
            id: try reader.id("id", kind: .agent),
            organizationID: organizationID,
            name: try reader.string("name"),
            agentType: try reader.string("agent_type"),
            system: try reader.optionalString("system") ?? "",
            llmConfig: try reader.object("llm_config"),
            createdAt: try reader.timestamp("created_at")
        )
        agent.updatedAt = try reader.timestamp("updated_at")
        agent.description = try reader.optionalString("description")
        agent.metadata = reader.value("metadata")
        agent.createdByID = try reader.optionalString("created_by_id")
        agent.lastUpdatedByID = try reader.optionalString("last_updated_by_id")
        agent.projectID = try reader.optionalString("project_id")
        agent.templateID = try reader.optionalString("template_id")
        agent.baseTemplateID = try reader.optionalString("base_template_id")
        agent.deploymentID = try reader.optionalString("deployment_id")
        agent.entityID = try reader.optionalString("entity_id")
        agent.hidden = try reader.optionalBool("hidden")
        agent.lastRunCompletion = try reader.optionalTimestamp("last_run_completion")
        agent.lastRunDurationMs = try reader.optionalInt("last_run_duration_ms")
        agent.lastStopReason = try reader.optionalString("last_stop_reason")
        agent.timezone = try reader.optionalString("timezone")
        agent.maxFilesOpen = try reader.optionalInt("max_files_open")
        agent.perFileViewWindowCharLimit = try reader.optionalInt("per_file_view_window_char_limit")
        agent.messageBufferAutoclear = try reader.bool("message_buffer_autoclear", default: false)
        agent.enableSleeptime = try reader.optionalBool("enable_sleeptime")
        agent.embeddingConfig = try reader.optionalObject("embedding_config")
        agent.compactionSettings = reader.value("compaction_settings")
        agent.responseFormat = reader.value("response_format")
        agent.toolRules = try reader.array("tool_rules")
        agent.messageIDs = try reader.strings("message_ids")
        agent.secrets = try reader.array("secrets").map { item in
            let secret = try RecordReader(item, kind: "\(reader.name) secret")
            return (key: try secret.string("key"), value: try secret.optionalString("value") ?? "")
        }
        let tools = try reader.array("tools")
        agent.toolsJSON = tools.isEmpty ? nil : JSONValue.array(tools).encoded
        agent.tags = try reader.strings("tags")
        agent.identityIDs = try reader.ids("identity_ids", kind: .identity)
        agent.blockIDs = try reader.ids("block_ids", orObjectsIn: "blocks", kind: .block)
        var record = SourceRecord(object: agent, createdAtKnown: true)
        record.toolsKnown = reader.object["tools"] != nil
        return record
    }
}
