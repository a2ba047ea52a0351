/// Turns a validated agent file into an `AgentFileImportPlan`: every file-local id gets a new
/// stored id (`<kind>-<uuid4>`), references follow, and each agent entry becomes an `Agent`
/// with the import options applied (name, project, secrets, model and embedding overrides).
struct AgentFileImporter {
    let document: AgentFileDocument
    let options: AgentFileImportOptions
    let actor: Actor
    let now: Timestamp

    /// File id → new stored id, for every object of the file.
    private var ids: [String: String] = [:]
    /// Chooses the stored id of a file id instead of a new random one (`migrate` keeps Letta's ids
    /// and derives the others from the agent's id, so a rerun stores the same parts).
    var storedID: ((_ fileID: String, _ kind: String) -> String?)?

    init(document: AgentFileDocument, options: AgentFileImportOptions, actor: Actor, now: Timestamp) {
        self.document = document
        self.options = options
        self.actor = actor
        self.now = now
    }

    mutating func plan() throws(APIError) -> AgentFileImportPlan {
        try AgentFileValidation(document: document).check()
        for agent in document.agents {
            allocate(agent["id"])
            for message in try AgentFileDocument.objects(agent["messages"], at: "messages") { allocate(message["id"]) }
        }
        for key in AgentFileDocument.sideLists {
            for entry in try document.list(key) { allocate(entry["id"]) }
        }
        let blocks = try document.list("blocks").map(makeBlock)
        var tools: [String: JSONObject] = [:]
        for tool in try document.list("tools") {
            guard let fileID = tool["id"]?.stringValue else { continue }
            tools[fileID] = remapped(tool, keys: ["id"])
        }
        let groups = try document.list("groups").map {
            var group = remapped($0, keys: ["id", "agent_ids", "shared_block_ids"])
            if case var .object(manager)? = group["manager_config"] {
                manager = remapped(manager, keys: ["manager_agent_id"])
                group["manager_config"] = .object(manager)
            }
            return group
        }
        let files = try document.list("files").map { remapped($0, keys: ["id", "source_id"]) }
        let sources = try document.list("sources").map { remapped($0, keys: ["id"]) }
        let mcpServers = try document.list("mcp_servers").map { remapped($0, keys: ["id"]) }
        let skills = try document.list("skills").map { remapped($0, keys: ["id"]) }

        var agents: [AgentFileImportPlan.ImportedAgent] = []
        for (index, entry) in document.agents.enumerated() {
            let agent = try makeAgent(entry, index: index, tools: tools)
            let sourceIDs = Set(try AgentFileDocument.strings(entry["source_ids"], at: "source_ids").compactMap { ids[$0] })
            let memberGroups = groups.filter { group in
                let members = (group["agent_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
                return members.contains(agent.id) || group["manager_config"]?["manager_agent_id"]?.stringValue == agent.id
            }
            let parts = AgentFileParts(
                entry: storedEntry(entry), messages: try messages(of: entry, agentID: agent.id), groups: memberGroups,
                files: files.filter { sourceIDs.contains($0["source_id"]?.stringValue ?? "") },
                sources: sources.filter { sourceIDs.contains($0["id"]?.stringValue ?? "") },
                mcpServers: mcpServers, skills: skills)
            agents.append(.init(agent: agent, parts: parts.text))
        }
        return AgentFileImportPlan(blocks: blocks, agents: agents)
    }

    private mutating func allocate(_ id: JSONValue?) {
        guard let fileID = id?.stringValue, ids[fileID] == nil else { return }
        let kind = fileID.split(separator: "-", omittingEmptySubsequences: false).dropLast().joined(separator: "-")
        ids[fileID] = storedID?(fileID, kind) ?? AgentFileID.newStoredID(kind: kind)
    }

    /// `object` with the ids (or id lists) under `keys` replaced by their stored ids.
    private func remapped(_ object: JSONObject, keys: [String]) -> JSONObject {
        var result = object
        for key in keys {
            switch object[key] {
            case let .string(id)?: result[key] = .string(ids[id] ?? id)
            case let .array(items)?: result[key] = .array(items.map { item in item.stringValue.map { .string(ids[$0] ?? $0) } ?? item })
            default: break
            }
        }
        return result
    }

    private func makeBlock(_ entry: JSONObject) throws(APIError) -> Block {
        let fileID = entry["id"]?.stringValue ?? ""
        var block = Block(
            id: ids[fileID] ?? ObjectID.generate(.block), organizationID: actor.organizationID,
            label: entry["label"]?.stringValue, value: entry["value"]?.stringValue ?? "",
            limit: entry["limit"]?.intValue.map { Int($0) } ?? Block.defaultLimit, createdAt: now)
        block.description = entry["description"]?.stringValue
        block.metadata = entry["metadata"]?.objectValue ?? JSONObject()
        block.tags = (entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        block.projectID = options.projectID ?? entry["project_id"]?.stringValue
        block.templateName = entry["template_name"]?.stringValue
        block.isTemplate = entry["is_template"]?.boolValue ?? false
        block.templateID = entry["template_id"]?.stringValue
        block.baseTemplateID = entry["base_template_id"]?.stringValue
        block.deploymentID = entry["deployment_id"]?.stringValue
        block.entityID = entry["entity_id"]?.stringValue
        block.preserveOnMigration = entry["preserve_on_migration"]?.boolValue ?? false
        block.readOnly = entry["read_only"]?.boolValue ?? false
        block.hidden = entry["hidden"]?.boolValue
        block.createdByID = actor.userID
        block.lastUpdatedByID = actor.userID
        return block
    }

    private func makeAgent(_ entry: JSONObject, index: Int, tools: [String: JSONObject]) throws(APIError) -> Agent {
        let fileID = entry["id"]?.stringValue ?? ""
        var llmConfig: JSONObject
        if let handle = options.modelHandle {
            llmConfig = LLMConfigBuilder.make(
                handle: handle, contextWindowLimit: entry["llm_config"]?["context_window"]?.intValue.map { Int($0) },
                maxTokens: nil, maxReasoningTokens: nil, enableReasoner: false)
        } else if case let .object(given)? = entry["llm_config"] {
            llmConfig = given
        } else {
            throw APIError.badRequest("Invalid agent file: agents[\(index)] has no llm_config")
        }
        let baseName = entry["name"]?.stringValue ?? AgentNameGenerator.make()
        var agent = Agent(
            id: ids[fileID] ?? ObjectID.generate(.agent), organizationID: actor.organizationID,
            name: options.name ?? (options.appendCopySuffix ? baseName + "_copy" : baseName),
            agentType: entry["agent_type"]?.stringValue ?? "letta_v1_agent", system: entry["system"]?.stringValue ?? "",
            llmConfig: llmConfig, createdAt: now)
        agent.embeddingConfig = options.embeddingHandle.map { EmbeddingConfigBuilder.make(handle: $0, chunkSize: nil) }
            ?? entry["embedding_config"]?.objectValue
        agent.compactionSettings = entry["compaction_settings"] ?? .null
        agent.description = entry["description"]?.stringValue
        agent.metadata = entry["metadata"] ?? .null
        agent.createdByID = actor.userID
        agent.lastUpdatedByID = actor.userID
        agent.projectID = options.projectID ?? entry["project_id"]?.stringValue
        agent.templateID = entry["template_id"]?.stringValue
        agent.baseTemplateID = entry["base_template_id"]?.stringValue
        agent.hidden = entry["hidden"]?.boolValue
        agent.timezone = entry["timezone"]?.stringValue ?? AgentDefaults.timezone
        agent.maxFilesOpen = entry["max_files_open"]?.intValue.map { Int($0) }
        agent.perFileViewWindowCharLimit = entry["per_file_view_window_char_limit"]?.intValue.map { Int($0) }
        agent.messageBufferAutoclear = entry["message_buffer_autoclear"]?.boolValue ?? false
        agent.enableSleeptime = entry["enable_sleeptime"]?.boolValue
        agent.responseFormat = entry["response_format"] ?? .null
        agent.toolRules = entry["tool_rules"]?.arrayValue ?? []
        agent.tags = (entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue).uniqued()
        agent.secrets = secrets(of: entry)
        agent.messageIDs = options.stripMessages
            ? [] : try AgentFileDocument.strings(entry["in_context_message_ids"], at: "in_context_message_ids").compactMap { ids[$0] }
        agent.blockIDs = try AgentFileDocument.strings(entry["block_ids"], at: "block_ids").compactMap { ids[$0] }.uniqued()
        let agentTools = try AgentFileDocument.strings(entry["tool_ids"], at: "tool_ids").uniqued().compactMap { tools[$0] }
        agent.toolsJSON = agentTools.isEmpty ? nil : JSONValue.array(agentTools.map(JSONValue.object)).encoded
        return agent
    }

    /// The file's secrets (`secrets`, else `tool_exec_environment_variables`), with the values
    /// given in the `secrets` option filling them; keys only in the option are added.
    private func secrets(of entry: JSONObject) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        let given = entry["secrets"]?.objectValue ?? entry["tool_exec_environment_variables"]?.objectValue ?? JSONObject()
        for (key, value) in given { result.append((key: key, value: value.stringValue ?? "")) }
        for (key, value) in options.secrets {
            if let index = result.firstIndex(where: { $0.key == key }) {
                result[index].value = value
            } else {
                result.append((key: key, value: value))
            }
        }
        return result
    }

    /// The agent's messages with new ids (none when `strip_messages`).
    private func messages(of entry: JSONObject, agentID: String) throws(APIError) -> [JSONObject] {
        guard !options.stripMessages else { return [] }
        return try AgentFileDocument.objects(entry["messages"], at: "messages").map { message in
            var copy = remapped(message, keys: ["id", "group_id"])
            copy["agent_id"] = .string(agentID)
            return copy
        }
    }

    /// The agent entry as kept: every key of the file, ids remapped, without its messages.
    private func storedEntry(_ entry: JSONObject) -> JSONObject {
        var stored = JSONObject()
        for (key, value) in entry where key != "messages" { stored[key] = value }
        stored = remapped(stored, keys: ["id", "block_ids", "tool_ids", "source_ids", "group_ids", "in_context_message_ids"])
        if options.stripMessages { stored["in_context_message_ids"] = .array([]) }
        if case let .array(attachments)? = stored["files_agents"] {
            stored["files_agents"] = .array(attachments.map { item in
                guard case let .object(object) = item else { return item }
                return .object(remapped(object, keys: ["file_id", "source_id", "agent_id"]))
            })
        }
        return stored
    }
}
