import HTTPKit

extension Agent {
    /// Writes the AgentState object with every field of docs/reference/letta-api.md §2.3 in Letta's order. Relationships
    /// are always filled (docs/reference/decisions.md #13): tags, identity ids and identities, blocks (with their
    /// tags, in attachment order — docs/reference/decisions.md #10, #11) and memory. `model_settings` is derived
    /// from `llm_config`; the configuration objects and `model_settings` are spliced from
    /// `rendered` when a read attached them. File limits are computed from the context window
    /// when not stored.
    ///
    /// Nested identities carry `agent_ids: []` and `block_ids: []`, as in Letta: with the real
    /// ids, an identity linked to many agents would make every one of their responses grow with
    /// the number of agents (GET /v1/identities/{id} lists them, docs/reference/decisions.md #2).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("created_by_id", createdByID)
        writer.field("last_updated_by_id", lastUpdatedByID)
        writer.field("created_at", createdAt.iso8601)
        writer.field("updated_at", updatedAt.iso8601)
        writer.field("id", id)
        writer.field("name", name)
        writer.key("tool_rules")
        writer.value(.array(toolRules))
        writer.key("message_ids")
        writer.stringArray(messageIDs)
        writer.key("system")
        if system == AgentDefaults.systemPrompt {
            writer.raw(AgentJSONFragments.defaultSystemPrompt)
        } else {
            writer.string(system)
        }
        writer.field("agent_type", agentType)
        writer.key("llm_config")
        if let bytes = rendered.llmConfig?.config {
            writer.raw(bytes)
        } else {
            writer.value(.object(llmConfig))
        }
        writer.key("embedding_config")
        if let bytes = rendered.embeddingConfig {
            writer.raw(bytes)
        } else {
            writer.value(embeddingConfig.map(JSONValue.object) ?? .null)
        }
        writer.field("model", llmConfig["handle"]?.stringValue)
        writer.field("embedding", embeddingConfig?["handle"]?.stringValue)
        writer.key("model_settings")
        if let bytes = rendered.llmConfig?.modelSettings {
            writer.raw(bytes)
        } else {
            AgentModelSettingsJSON.write(llmConfig: llmConfig, to: &writer)
        }
        writer.key("compaction_settings")
        if let bytes = rendered.compactionSettings {
            writer.raw(bytes)
        } else {
            writer.value(
                compactionSettings == .null ? .object(CompactionDefaults.make(for: llmConfig)) : compactionSettings)
        }
        writer.field("response_format", responseFormat)
        writer.field("description", description)
        writer.field("metadata", metadata)

        let blocksJSON = renderedBlocks()
        writer.key("memory")
        writeMemory(blocksJSON: blocksJSON, to: &writer)
        writer.key("blocks")
        writer.raw(blocksJSON)
        if let toolsJSON {
            writer.key("tools")
            writer.raw(toolsJSON)
            writer.key("sources")
            writer.raw(AgentJSONFragments.emptyArray)
        } else {
            writer.raw(AgentJSONFragments.noToolsNoSources)
        }
        writer.key("tags")
        writer.stringArray(tags)
        let secretsJSON = renderedSecrets()
        writer.key("tool_exec_environment_variables")
        writer.raw(secretsJSON)
        writer.key("secrets")
        writer.raw(secretsJSON)
        writer.field("project_id", projectID)
        writer.field("template_id", templateID)
        writer.field("base_template_id", baseTemplateID)
        writer.field("deployment_id", deploymentID)
        writer.field("entity_id", entityID)
        writer.key("identity_ids")
        writer.stringArray(identityIDs)
        writer.key("identities")
        writer.beginArray()
        for identity in identities {
            var nested = identity
            nested.agentIDs = []
            nested.blockIDs = []
            nested.write(to: &writer)
        }
        writer.endArray()
        writer.raw(AgentJSONFragments.noPendingApproval)
        writer.field("message_buffer_autoclear", messageBufferAutoclear)
        writer.field("enable_sleeptime", enableSleeptime)
        writer.raw(AgentJSONFragments.noGroups)
        writer.field("last_run_completion", lastRunCompletion?.iso8601)
        writer.field("last_run_duration_ms", lastRunDurationMs)
        writer.field("last_stop_reason", lastStopReason)
        writer.field("timezone", timezone)
        let computed = AgentDefaults.fileLimits(contextWindow: llmConfig["context_window"]?.intValue.map { Int($0) })
        writer.field("max_files_open", maxFilesOpen ?? computed.maxFilesOpen)
        writer.field("per_file_view_window_char_limit", perFileViewWindowCharLimit ?? computed.perFileViewWindowCharLimit)
        writer.field("hidden", hidden)
        writer.endObject()
    }

    /// Writes the agent's Memory object (`memory` in AgentState, and the whole body of the
    /// deprecated `GET /v1/agents/{agent_id}/core-memory`).
    public func writeMemory(to writer: inout JSONWriter) {
        writeMemory(blocksJSON: renderedBlocks(), to: &writer)
    }

    private func writeMemory(blocksJSON: [UInt8], to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("agent_type", agentType)
        writer.field("git_enabled", tags.contains(AgentDefaults.gitMemoryTag))
        writer.key("blocks")
        writer.raw(blocksJSON)
        writer.raw(AgentJSONFragments.memoryTail)
        writer.endObject()
    }

    /// The blocks array, rendered once and spliced into both `memory.blocks` and `blocks`.
    private func renderedBlocks() -> [UInt8] {
        guard !blocks.isEmpty else { return AgentJSONFragments.emptyArray }
        var blockWriter = JSONWriter(capacity: 640 * blocks.count)
        blockWriter.beginArray()
        for block in blocks { block.write(to: &blockWriter) }
        blockWriter.endArray()
        return blockWriter.bytes
    }

    /// Secrets as AgentEnvironmentVariable objects (`secrets` and its deprecated twin
    /// `tool_exec_environment_variables`). Ids are derived from the agent id and key, so they
    /// stay the same across reads.
    private func renderedSecrets() -> [UInt8] {
        guard !secrets.isEmpty else { return AgentJSONFragments.emptyArray }
        var secretWriter = JSONWriter(capacity: 256 * secrets.count)
        secretWriter.beginArray()
        for secret in secrets {
            secretWriter.beginObject()
            secretWriter.field("created_by_id", createdByID)
            secretWriter.field("last_updated_by_id", lastUpdatedByID)
            secretWriter.field("created_at", createdAt.iso8601)
            secretWriter.field("updated_at", updatedAt.iso8601)
            secretWriter.field("id", AgentJSONFragments.environmentVariableID(agentID: id, key: secret.key))
            secretWriter.field("key", secret.key)
            secretWriter.field("value", secret.value)
            secretWriter.field("description", nil as String?)
            secretWriter.field("value_enc", nil as String?)
            secretWriter.field("agent_id", id)
            secretWriter.endObject()
        }
        secretWriter.endArray()
        return secretWriter.bytes
    }
}

/// Constant pieces of the AgentState JSON, encoded once. The member runs are spliced with
/// `JSONWriter.raw`, which supplies the separating comma before them.
enum AgentJSONFragments {
    static let emptyArray: [UInt8] = Array("[]".utf8)
    /// The default system prompt as a JSON string: most agents carry it, and it is the longest
    /// string they hold.
    static let defaultSystemPrompt: [UInt8] = JSONValue.string(AgentDefaults.systemPrompt).encoded
    static let memoryTail: [UInt8] = Array(#""file_blocks":[],"prompt_template":"""#.utf8)
    static let noToolsNoSources: [UInt8] = Array(#""tools":[],"sources":[]"#.utf8)
    static let noPendingApproval: [UInt8] = Array(#""pending_approval":null"#.utf8)
    static let noGroups: [UInt8] = Array(#""multi_agent_group":null,"managed_group":null"#.utf8)

    /// `agent-env-<uuid4-shaped hex>` from two FNV-1a hashes of the agent id and the key.
    static func environmentVariableID(agentID: String, key: String) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in agentID.utf8 + [0] + key.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 0x9e37_79b9
        }
        let hex = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        for value in [first, second] {
            for shift in stride(from: 60, through: 0, by: -4) { digits.append(hex[Int((value >> UInt64(shift)) & 0xF)]) }
        }
        digits[12] = UInt8(ascii: "4")
        digits[16] = hex[8 + Int(digits[16] % 4)]
        var text = "agent-env-"
        for (index, digit) in digits.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { text += "-" }
            text.unicodeScalars.append(Unicode.Scalar(digit))
        }
        return text
    }
}

/// Builds AgentState responses.
enum AgentResponse {
    static func one(_ agent: Agent) -> HTTPResponse {
        .json(render(agent))
    }

    /// The agent's AgentState object as bytes (what `one` answers and `AgentRenderCache` keeps).
    static func render(_ agent: Agent) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096 + 640 * agent.blocks.count)
        agent.write(to: &writer)
        return writer.bytes
    }

    static func list(_ agents: [Agent]) -> HTTPResponse {
        JSONResponse.make(capacity: 4096 * max(agents.count, 1)) { writer in
            writer.beginArray()
            for agent in agents { agent.write(to: &writer) }
            writer.endArray()
        }
    }
}
