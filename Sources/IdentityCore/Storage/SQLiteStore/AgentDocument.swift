/// The part of an `Agent` stored as one JSON object in `agent_documents.document`: everything
/// lists never filter or sort on, except the system prompt (its own column). Keys are snake_case;
/// a missing key decodes to the `Agent` default, so fields can be added without a migration.
enum AgentDocument {
    static func encode(_ agent: Agent) -> String {
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.field("agent_type", agent.agentType)
        writer.field("description", agent.description)
        writer.field("metadata", agent.metadata)
        writer.field("last_updated_by_id", agent.lastUpdatedByID)
        writer.field("deployment_id", agent.deploymentID)
        writer.field("entity_id", agent.entityID)
        writer.field("last_run_duration_ms", agent.lastRunDurationMs)
        writer.field("timezone", agent.timezone)
        writer.field("max_files_open", agent.maxFilesOpen)
        writer.field("per_file_view_window_char_limit", agent.perFileViewWindowCharLimit)
        writer.field("message_buffer_autoclear", agent.messageBufferAutoclear)
        writer.field("enable_sleeptime", agent.enableSleeptime)
        writer.field("llm_config", .object(agent.llmConfig))
        writer.field("embedding_config", agent.embeddingConfig.map(JSONValue.object) ?? .null)
        writer.field("compaction_settings", agent.compactionSettings)
        writer.field("response_format", agent.responseFormat)
        writer.field("tool_rules", .array(agent.toolRules))
        writer.key("message_ids")
        writer.beginArray()
        for id in agent.messageIDs { writer.string(id) }
        writer.endArray()
        writer.key("secrets")
        writer.beginArray()
        for secret in agent.secrets {
            writer.beginObject()
            writer.field("key", secret.key)
            writer.field("value", secret.value)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Parsed configuration objects by their exact text: `llm_config`, `embedding_config` and
    /// `compaction_settings` are the bulk of a document and the same for most agents.
    static let configurations = JSONInternTable()

    /// An agent from its document and the identifying columns; the caller fills the other columns.
    static func decode(
        _ text: String, id: String, organizationID: String, name: String, system: String, createdAt: Timestamp
    ) throws -> Agent {
        var agent = Agent(
            id: id, organizationID: organizationID, name: name, agentType: "", system: system, llmConfig: JSONObject(),
            createdAt: createdAt)
        var text = text
        do {
            try text.withUTF8 { buffer in try decodeMembers(buffer, into: &agent) }
        } catch {
            throw SQLiteStoreCorruption(description: "agent \(id) document is not a JSON object: \(error)")
        }
        return agent
    }

    /// Reads each member of the document into `agent`; the configuration objects go through
    /// `configurations`, everything else is parsed in place.
    private static func decodeMembers(
        _ buffer: UnsafeBufferPointer<UInt8>, into agent: inout Agent
    ) throws(JSONParseError) {
        var reader = try JSONMemberReader(buffer)
        while let key = try reader.nextKey() {
            switch key {
            case "llm_config", "embedding_config", "compaction_settings":
                let value: JSONValue
                if let text = try reader.containerText() {
                    value = try configurations.value(of: text)
                } else {
                    value = try reader.value()
                }
                switch key {
                case "llm_config": agent.llmConfig = value.objectValue ?? JSONObject()
                case "embedding_config": agent.embeddingConfig = value.objectValue
                default: agent.compactionSettings = value
                }
                continue
            default:
                break
            }
            let value = try reader.value()
            switch key {
            case "agent_type": agent.agentType = value.stringValue ?? ""
            case "description": agent.description = value.stringValue
            case "metadata": agent.metadata = value
            case "last_updated_by_id": agent.lastUpdatedByID = value.stringValue
            case "deployment_id": agent.deploymentID = value.stringValue
            case "entity_id": agent.entityID = value.stringValue
            case "last_run_duration_ms": agent.lastRunDurationMs = value.intValue.map { Int($0) }
            case "timezone": agent.timezone = value.stringValue
            case "max_files_open": agent.maxFilesOpen = value.intValue.map { Int($0) }
            case "per_file_view_window_char_limit": agent.perFileViewWindowCharLimit = value.intValue.map { Int($0) }
            case "message_buffer_autoclear": agent.messageBufferAutoclear = value.boolValue ?? false
            case "enable_sleeptime": agent.enableSleeptime = value.boolValue
            case "response_format": agent.responseFormat = value
            case "tool_rules": agent.toolRules = value.arrayValue ?? []
            case "message_ids": agent.messageIDs = (value.arrayValue ?? []).compactMap(\.stringValue)
            case "secrets":
                agent.secrets = (value.arrayValue ?? []).compactMap { item in
                    guard let key = item["key"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
                    return (key: key, value: value)
                }
            default: continue
            }
        }
    }
}
