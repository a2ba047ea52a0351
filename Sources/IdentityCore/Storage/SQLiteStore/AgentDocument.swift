/// The part of an `Agent` stored as one JSON object in `agent_documents.document`: everything
/// lists never filter or sort on. Keys are snake_case; a missing key decodes to the `Agent`
/// default, so fields can be added later without a migration.
enum AgentDocument {
    static func encode(_ agent: Agent) -> String {
        var writer = JSONWriter(capacity: 512 + agent.system.utf8.count)
        writer.beginObject()
        writer.field("agent_type", agent.agentType)
        writer.field("system", agent.system)
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

    /// An agent from its document and the identifying columns; the caller fills the other columns.
    static func decode(
        _ text: String, id: String, organizationID: String, name: String, createdAt: Timestamp
    ) throws -> Agent {
        guard case .object(let document) = try JSONParser.parse(text) else {
            throw SQLiteStoreCorruption(description: "agent \(id) document is not a JSON object")
        }
        var agent = Agent(
            id: id, organizationID: organizationID, name: name,
            agentType: document["agent_type"]?.stringValue ?? "", system: document["system"]?.stringValue ?? "",
            llmConfig: document["llm_config"]?.objectValue ?? JSONObject(), createdAt: createdAt)
        agent.description = document["description"]?.stringValue
        agent.metadata = document["metadata"] ?? .null
        agent.lastUpdatedByID = document["last_updated_by_id"]?.stringValue
        agent.deploymentID = document["deployment_id"]?.stringValue
        agent.entityID = document["entity_id"]?.stringValue
        agent.lastRunDurationMs = document["last_run_duration_ms"]?.intValue.map { Int($0) }
        if let timezone = document["timezone"] {
            agent.timezone = timezone.stringValue
        }
        agent.maxFilesOpen = document["max_files_open"]?.intValue.map { Int($0) }
        agent.perFileViewWindowCharLimit = document["per_file_view_window_char_limit"]?.intValue.map { Int($0) }
        agent.messageBufferAutoclear = document["message_buffer_autoclear"]?.boolValue ?? false
        agent.enableSleeptime = document["enable_sleeptime"]?.boolValue
        agent.embeddingConfig = document["embedding_config"]?.objectValue
        agent.compactionSettings = document["compaction_settings"] ?? .null
        agent.responseFormat = document["response_format"] ?? .null
        agent.toolRules = document["tool_rules"]?.arrayValue ?? []
        agent.messageIDs = (document["message_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        agent.secrets = (document["secrets"]?.arrayValue ?? []).compactMap { item in
            guard let key = item["key"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
            return (key: key, value: value)
        }
        return agent
    }
}
