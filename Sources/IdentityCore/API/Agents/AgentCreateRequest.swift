/// The body of `POST /v1/agents/` (CreateAgent, docs/reference/letta-api.md §2.4): unknown keys are ignored, every
/// field is optional. `read` records every 422 at once; `makeAgent` then raises the 400/404s
/// in Letta's order and builds the agent and its new memory blocks (docs/reference/letta-api.md §7).
struct AgentCreateRequest {
    var fields: AgentCommonFields
    var memoryBlocks: [BlockFields]
    /// Tool names (`tools`).
    var toolNames: [String]
    var agentType: String
    var embeddingChunkSize: Int?
    var maxReasoningTokens: Int?
    var enableReasoner: Bool

    static func read(_ body: JSONObject, validator: Validator) -> AgentCreateRequest {
        let at: [LocationItem] = ["body"]
        var fields = AgentCommonFields.read(body, checksName: true, validator: validator)
        if fields.model == nil, let legacy = validator.optionalString(body, "llm", at: at) {
            fields.model = legacy
        }
        var memoryBlocks: [BlockFields] = []
        if let value = body["memory_blocks"], value != .null, let items = validator.array(value, at: ["body", "memory_blocks"]) {
            for (index, item) in items.enumerated() {
                let location: [LocationItem] = ["body", "memory_blocks", .index(index)]
                if let object = validator.object(item, at: location) {
                    memoryBlocks.append(BlockFields.create(object, validator: validator, at: location))
                }
            }
        }
        let request = AgentCreateRequest(
            fields: fields,
            memoryBlocks: memoryBlocks,
            toolNames: validator.optionalStringArray(body, "tools", at: at) ?? [],
            agentType: validator.optionalChoice(body, "agent_type", allowed: AgentDefaults.agentTypes, at: at)
                ?? AgentDefaults.agentType,
            embeddingChunkSize: validator.optionalInt(body, "embedding_chunk_size", at: at),
            maxReasoningTokens: validator.optionalInt(body, "max_reasoning_tokens", at: at),
            enableReasoner: validator.optionalBool(body, "enable_reasoner", at: at) ?? true
        )
        readIgnoredFields(body, validator: validator)
        if validator.isValid && request.agentType == "voice_convo_agent" && request.fields.enableSleeptime != true {
            validator.add(
                "value_error", ["body"], "Value error, Voice convo agents require enable_sleeptime to be set to true",
                input: .object(body)
            )
        }
        return request
    }

    /// Fields accepted for compatibility and not used here; their types are still checked.
    private static func readIgnoredFields(_ body: JSONObject, validator: Validator) {
        let at: [LocationItem] = ["body"]
        _ = validator.optionalObjectArray(body, "initial_message_sequence", at: at)
        for flag in ["include_base_tools", "include_multi_agent_tools", "include_base_tool_rules", "include_default_source",
                     "template"] {
            _ = validator.optionalBool(body, flag, at: at)
        }
        for text in ["from_template", "project", "actor_id"] { _ = validator.optionalString(body, text, at: at) }
        _ = validator.optionalStringMap(body, "memory_variables", at: at)
    }

    /// The agent to store and the blocks to create with it, or the first 400/404 in Letta's
    /// order: model handle format, reasoning tokens, file limits, missing model, tool names,
    /// tool and source ids. Identity and block ids are checked by the store in its transaction.
    func makeAgent(actor: Actor, now: Timestamp) throws(APIError) -> (agent: Agent, newBlocks: [Block]) {
        let handle = try fields.modelHandle()
        if let maxReasoningTokens, maxReasoningTokens > (fields.maxTokens ?? Int.min) {
            let maxTokens = fields.maxTokens.map(String.init) ?? "None"
            throw APIError.badRequest(
                "INVALID_ARGUMENT: Max reasoning tokens (\(maxReasoningTokens)) must be less than max tokens (\(maxTokens))")
        }
        try fields.checkFileLimits()
        var llmConfig: JSONObject
        if let given = fields.llmConfig {
            llmConfig = given
        } else if let handle {
            llmConfig = LLMConfigBuilder.make(
                handle: handle, contextWindowLimit: fields.contextWindowLimit, maxTokens: fields.maxTokens,
                maxReasoningTokens: maxReasoningTokens, enableReasoner: enableReasoner)
        } else {
            throw APIError.badRequest("INVALID_ARGUMENT: Must specify either model or llm_config in request")
        }
        if !toolNames.isEmpty {
            let names = toolNames.uniqued().map { "'\($0)'" }.joined(separator: ", ")
            throw APIError.badRequest("Tools not found by name: {\(names)}")
        }
        try fields.checkToolAndSourceIDs()

        if let overrides = fields.modelSettings { AgentModelSettingsInput.apply(overrides, to: &llmConfig) }
        if let parallel = fields.parallelToolCalls { llmConfig["parallel_tool_calls"] = .bool(parallel) }
        let reasoning = fields.reasoning ?? LLMConfigBuilder.requestedReasoning(of: llmConfig)
        LLMConfigBuilder.normalizeReasoning(&llmConfig, reasoning: reasoning)

        let newBlocks = memoryBlocks.map { $0.makeBlock(for: actor, createdAt: now) }
        var agent = Agent(
            organizationID: actor.organizationID,
            name: fields.name ?? AgentNameGenerator.make(),
            agentType: agentType,
            system: fields.system ?? AgentDefaults.systemPrompt,
            llmConfig: llmConfig,
            createdAt: now
        )
        agent.embeddingConfig = fields.embeddingConfig
            ?? fields.embedding.map { EmbeddingConfigBuilder.make(handle: $0, chunkSize: embeddingChunkSize) }
        agent.compactionSettings = .object(fields.resolvedCompactionSettings(for: llmConfig))
        agent.createdByID = actor.userID
        agent.lastUpdatedByID = actor.userID
        agent.description = fields.description
        agent.metadata = fields.metadata.map(JSONValue.object) ?? .null
        agent.projectID = fields.projectID
        agent.templateID = fields.templateID
        agent.baseTemplateID = fields.baseTemplateID
        agent.timezone = fields.timezone ?? AgentDefaults.timezone
        agent.maxFilesOpen = fields.maxFilesOpen
        agent.perFileViewWindowCharLimit = fields.perFileViewWindowCharLimit
        agent.messageBufferAutoclear = agentType == "workflow_agent" ? true : fields.messageBufferAutoclear ?? false
        agent.enableSleeptime = fields.enableSleeptime
        agent.responseFormat = fields.responseFormat ?? .null
        agent.toolRules = fields.toolRules ?? []
        agent.messageIDs = [ObjectID.generate(.message)]
        agent.secrets = fields.secrets ?? []
        agent.tags = fields.tags ?? []
        agent.hidden = agent.tags.contains(AgentDefaults.subagentTag) ? true : fields.hidden
        agent.identityIDs = fields.identityIDs ?? []
        agent.blockIDs = ((fields.blockIDs ?? []) + newBlocks.map(\.id)).uniqued()
        return (agent, newBlocks)
    }
}
