/// The body of `PATCH /v1/agents/{agent_id}` (UpdateAgent, docs/reference/letta-api.md §2.5, §4.5): unknown keys
/// ignored, absent or null fields unchanged; tags, identity ids, block ids, tool/source ids and
/// secrets replace whole sets; metadata is replaced; a new model or embedding handle re-derives
/// its config.
struct AgentUpdateRequest {
    var fields: AgentCommonFields
    var messageIDs: [String]?
    var lastRunCompletion: Timestamp?
    var lastRunDurationMs: Int?
    var lastStopReason: String?
    /// `"max_tokens": null` sent explicitly: cleared when the model changes.
    var clearsMaxTokens: Bool

    static func read(_ body: JSONObject, validator: Validator) -> AgentUpdateRequest {
        let at: [LocationItem] = ["body"]
        var request = AgentUpdateRequest(
            fields: AgentCommonFields.read(body, checksName: false, validator: validator),
            messageIDs: validator.optionalIDArray(body, "message_ids", kind: .message, at: at),
            lastRunCompletion: nil,
            lastRunDurationMs: validator.optionalInt(body, "last_run_duration_ms", at: at),
            lastStopReason: validator.optionalChoice(body, "last_stop_reason", allowed: AgentDefaults.stopReasons, at: at),
            clearsMaxTokens: body["max_tokens"] == .null
        )
        if let value = body["last_run_completion"], value != .null {
            request.lastRunCompletion = readTimestamp(value, at: at + ["last_run_completion"], validator: validator)
        }
        return request
    }

    /// An ISO 8601 string (see `Timestamp(iso8601:)`) or Unix seconds, as pydantic accepts.
    private static func readTimestamp(_ value: JSONValue, at location: [LocationItem], validator: Validator) -> Timestamp? {
        switch value {
        case let .string(text):
            if let timestamp = Timestamp(iso8601: text) { return timestamp }
            validator.add("datetime_from_date_parsing", location, "Input should be a valid datetime or date, invalid format",
                          input: value)
            return nil
        case .int, .double:
            let seconds = value.doubleValue ?? 0
            if seconds.isFinite, abs(seconds) < 1e11 { return Timestamp(microseconds: Int64((seconds * 1_000_000).rounded())) }
            validator.add("datetime_parsing", location, "Input should be a valid datetime, dates after 9999 are not supported",
                          input: value)
            return nil
        default:
            validator.add("datetime_type", location, "Input should be a valid datetime", input: value)
            return nil
        }
    }

    /// Checks what can be checked before touching storage: the 400s of the model handle and
    /// file limits, and unknown tool or source ids (404).
    func checkArguments() throws(APIError) {
        _ = try fields.modelHandle()
        try fields.checkFileLimits()
        try fields.checkToolAndSourceIDs()
    }

    /// Applies the changes to the stored agent (inside the store's write transaction).
    func apply(to agent: inout Agent, actor: Actor, now: Timestamp) throws(APIError) {
        let previousLLMConfig = agent.llmConfig
        if let name = fields.name { agent.name = name }
        if let system = fields.system { agent.system = system }
        if let description = fields.description { agent.description = description }
        if let metadata = fields.metadata { agent.metadata = .object(metadata) }
        if let projectID = fields.projectID { agent.projectID = projectID }
        if let templateID = fields.templateID { agent.templateID = templateID }
        if let baseTemplateID = fields.baseTemplateID { agent.baseTemplateID = baseTemplateID }
        if let autoclear = fields.messageBufferAutoclear { agent.messageBufferAutoclear = autoclear }
        if let sleeptime = fields.enableSleeptime { agent.enableSleeptime = sleeptime }
        if let responseFormat = fields.responseFormat { agent.responseFormat = responseFormat }
        if let timezone = fields.timezone { agent.timezone = timezone }
        if let maxFilesOpen = fields.maxFilesOpen { agent.maxFilesOpen = maxFilesOpen }
        if let limit = fields.perFileViewWindowCharLimit { agent.perFileViewWindowCharLimit = limit }
        if let hidden = fields.hidden { agent.hidden = hidden }
        if let toolRules = fields.toolRules { agent.toolRules = toolRules }
        if let messageIDs { agent.messageIDs = messageIDs }
        if let secrets = fields.secrets { agent.secrets = secrets }
        if let tags = fields.tags { agent.tags = tags }
        if let identityIDs = fields.identityIDs { agent.identityIDs = identityIDs }
        if let blockIDs = fields.blockIDs { agent.blockIDs = blockIDs }
        if let lastRunCompletion { agent.lastRunCompletion = lastRunCompletion }
        if let lastRunDurationMs { agent.lastRunDurationMs = lastRunDurationMs }
        if let lastStopReason { agent.lastStopReason = lastStopReason }

        try updateLLMConfig(of: &agent)
        if let embeddingConfig = fields.embeddingConfig {
            agent.embeddingConfig = embeddingConfig
        } else if let handle = fields.embedding {
            agent.embeddingConfig = EmbeddingConfigBuilder.make(handle: handle, chunkSize: nil)
        }
        updateCompactionSettings(of: &agent, previousLLMConfig: previousLLMConfig)
        agent.updatedAt = now
        agent.lastUpdatedByID = actor.userID
    }

    /// `llm_config` replaces the config; `model` derives a fresh one (with `context_window_limit`
    /// and `max_tokens` if given); `context_window_limit` alone re-derives from the current
    /// handle. `model_settings`, `parallel_tool_calls` and `reasoning` apply on top.
    private func updateLLMConfig(of agent: inout Agent) throws(APIError) {
        var config = agent.llmConfig
        var rederived = true
        if let given = fields.llmConfig {
            config = given
        } else if let handle = try fields.modelHandle() {
            config = derive(handle)
            if clearsMaxTokens { config["max_tokens"] = .null }
        } else if let window = fields.contextWindowLimit {
            if let current = config["handle"]?.stringValue.flatMap(ModelHandle.init) {
                config = derive(current)
            } else {
                config["context_window"] = .int(Int64(window))
            }
        } else {
            rederived = false
            if let maxTokens = fields.maxTokens { config["max_tokens"] = .int(Int64(maxTokens)) }
        }
        if let overrides = fields.modelSettings { AgentModelSettingsInput.apply(overrides, to: &config) }
        if let parallel = fields.parallelToolCalls { config["parallel_tool_calls"] = .bool(parallel) }
        if rederived || fields.modelSettings != nil || fields.reasoning != nil {
            let reasoning = fields.reasoning ?? LLMConfigBuilder.requestedReasoning(of: config)
            LLMConfigBuilder.normalizeReasoning(&config, reasoning: reasoning)
        }
        agent.llmConfig = config
    }

    private func derive(_ handle: ModelHandle) -> JSONObject {
        LLMConfigBuilder.make(
            handle: handle, contextWindowLimit: fields.contextWindowLimit, maxTokens: fields.maxTokens,
            maxReasoningTokens: nil, enableReasoner: true)
    }

    /// Given settings replace the stored ones; otherwise, when the provider changed and the
    /// summariser was the old provider's default, it follows the new provider (docs/reference/letta-api.md §4.5).
    private func updateCompactionSettings(of agent: inout Agent, previousLLMConfig: JSONObject) {
        if fields.compactionSettings != nil {
            agent.compactionSettings = .object(fields.resolvedCompactionSettings(for: agent.llmConfig))
            return
        }
        guard case var .object(settings) = agent.compactionSettings else { return }
        let oldDefault = CompactionDefaults.summarizerHandle(for: previousLLMConfig)
        let newDefault = CompactionDefaults.summarizerHandle(for: agent.llmConfig)
        let providerChanged = previousLLMConfig["provider_name"] != agent.llmConfig["provider_name"]
            || previousLLMConfig["model_endpoint_type"] != agent.llmConfig["model_endpoint_type"]
        if providerChanged, settings["model"]?.stringValue == oldDefault {
            settings["model"] = newDefault.map(JSONValue.string) ?? .null
            agent.compactionSettings = .object(settings)
        }
    }
}
