import Glibc

/// The part of an `Agent` stored as one JSON object in `agent_documents.document`: everything
/// lists never filter or sort on, except the system prompt (its own column). Keys are snake_case;
/// a missing key decodes to the `Agent` default, so fields can be added without a migration.
@usableFromInline
package enum AgentDocument {
    package static func encode(_ agent: Agent) -> String {
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
        if let tools = agent.toolsJSON {
            writer.key("tools")
            writer.raw(tools)
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Parsed and rendered `llm_config` objects by their exact text, each with the
    /// `model_settings` derived from it: the bulk of a document, and the same for most agents.
    package static let llmConfigs = JSONInternTable { value in
        var writer = JSONWriter(capacity: 256)
        AgentModelSettingsJSON.write(llmConfig: value.objectValue ?? JSONObject(), to: &writer)
        return writer.bytes
    }

    /// Parsed and rendered `embedding_config` and `compaction_settings` objects by their exact text.
    package static let configurations = JSONInternTable()

    /// An agent from its document and the identifying columns; the caller fills the other columns.
    @usableFromInline
    package static func decode(
        _ text: String, id: String, organizationID: String, name: String, system: String, createdAt: Timestamp
    ) throws -> Agent {
        var agent = Agent(
            id: id, organizationID: organizationID, name: name, agentType: "", system: system, llmConfig: JSONObject(),
            createdAt: createdAt)
        var text = text
        do {
            try text.withUTF8 { buffer in try decodeMembers(buffer, into: &agent) }
        } catch {
            throw StoreCorruption(description: "agent \(id) document is not a JSON object: \(error)")
        }
        return agent
    }

    /// Reads each member of the document into `agent`; the configuration objects go through
    /// `configurations`, everything else is parsed in place.
    private static func decodeMembers(
        _ buffer: UnsafeBufferPointer<UInt8>, into agent: inout Agent
    ) throws(JSONParseError) {
        var reader = try JSONMemberReader(buffer)
        while let field = try reader.nextKey(Field.init(key:)) {
            switch field {
            case .llmConfig, .embeddingConfig, .compactionSettings:
                if let text = try reader.containerText() {
                    let entry = try (field == .llmConfig ? llmConfigs : configurations).entry(of: text)
                    setConfiguration(field, entry.value, into: &agent)
                    attachRendering(field, entry, to: &agent)
                } else {
                    setConfiguration(field, try reader.value(), into: &agent)
                }
                continue
            case .tools:
                if let text = try reader.containerText() {
                    agent.toolsJSON = Array(text)
                } else {
                    _ = try reader.value()
                }
                continue
            default:
                break
            }
            let value = try reader.value()
            switch field {
            case .agentType: agent.agentType = value.stringValue ?? ""
            case .description: agent.description = value.stringValue
            case .metadata: agent.metadata = value
            case .lastUpdatedByID: agent.lastUpdatedByID = value.stringValue
            case .deploymentID: agent.deploymentID = value.stringValue
            case .entityID: agent.entityID = value.stringValue
            case .lastRunDurationMs: agent.lastRunDurationMs = value.intValue.map { Int($0) }
            case .timezone: agent.timezone = value.stringValue
            case .maxFilesOpen: agent.maxFilesOpen = value.intValue.map { Int($0) }
            case .perFileViewWindowCharLimit: agent.perFileViewWindowCharLimit = value.intValue.map { Int($0) }
            case .messageBufferAutoclear: agent.messageBufferAutoclear = value.boolValue ?? false
            case .enableSleeptime: agent.enableSleeptime = value.boolValue
            case .responseFormat: agent.responseFormat = value
            case .toolRules: agent.toolRules = value.arrayValue ?? []
            case .messageIDs: agent.messageIDs = (value.arrayValue ?? []).compactMap(\.stringValue)
            case .secrets:
                agent.secrets = (value.arrayValue ?? []).compactMap { item in
                    guard let key = item["key"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
                    return (key: key, value: value)
                }
            case .llmConfig, .embeddingConfig, .compactionSettings, .tools, .unknown: continue
            }
        }
    }

    private static func setConfiguration(_ field: Field, _ value: JSONValue, into agent: inout Agent) {
        switch field {
        case .llmConfig: agent.llmConfig = value.objectValue ?? JSONObject()
        case .embeddingConfig: agent.embeddingConfig = value.objectValue
        default: agent.compactionSettings = value
        }
    }

    /// Hands the interned rendering of a configuration object to the agent, when it is exactly
    /// what rendering the property just set would write.
    private static func attachRendering(_ field: Field, _ entry: InternedJSON, to agent: inout Agent) {
        guard let rendered = entry.rendered else { return }
        switch field {
        case .llmConfig:
            guard entry.value.objectValue != nil, let modelSettings = entry.companion else { return }
            agent.rendered.llmConfig = (rendered, modelSettings)
        case .embeddingConfig:
            guard entry.value.objectValue != nil else { return }
            agent.rendered.embeddingConfig = rendered
        default:
            guard !entry.value.isNull else { return }
            agent.rendered.compactionSettings = rendered
        }
    }

    /// The document's keys; `unknown` for any other (skipped, so old or newer documents still read).
    package enum Field: String, CaseIterable {
        case agentType = "agent_type"
        case description
        case metadata
        case lastUpdatedByID = "last_updated_by_id"
        case deploymentID = "deployment_id"
        case entityID = "entity_id"
        case lastRunDurationMs = "last_run_duration_ms"
        case timezone
        case maxFilesOpen = "max_files_open"
        case perFileViewWindowCharLimit = "per_file_view_window_char_limit"
        case messageBufferAutoclear = "message_buffer_autoclear"
        case enableSleeptime = "enable_sleeptime"
        case llmConfig = "llm_config"
        case embeddingConfig = "embedding_config"
        case compactionSettings = "compaction_settings"
        case responseFormat = "response_format"
        case toolRules = "tool_rules"
        case messageIDs = "message_ids"
        case secrets
        case tools
        case unknown = ""

        /// The fields by the byte length of their key, for matching keys without making strings.
        private static let byLength: [[(key: [UInt8], field: Field)]] = {
            var table = Array(repeating: [(key: [UInt8], field: Field)](), count: 40)
            for field in allCases where field != .unknown {
                table[field.rawValue.utf8.count].append((Array(field.rawValue.utf8), field))
            }
            return table
        }()

        package init(key: UnsafeBufferPointer<UInt8>) {
            self = .unknown
            guard key.count < Self.byLength.count, let base = key.baseAddress else { return }
            for candidate in Self.byLength[key.count] {
                let equal = candidate.key.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, key.count) == 0 }
                if equal {
                    self = candidate.field
                    return
                }
            }
        }
    }
}
