/// Writes agents as an agent file, the way Letta 0.16.8 writes one: every top-level list,
/// file-local ids (`<kind>-<n>`, one counter per kind, in first-seen order), each block and
/// tool once however many agents share it, secret values blanked to `""` with their keys kept,
/// `identity_ids` null (identities are not part of the format), `metadata` and `created_at`.
///
/// An agent imported from a file keeps every key of its entry and its messages, groups, files,
/// sources, MCP servers and skills (`AgentFileParts`); one created through the API exports
/// with Letta's defaults and empty lists for what it does not have.
struct AgentFileExporter {
    /// The schema revision Letta 0.16.8 writes in `metadata.revision_id`.
    static let revisionID = "1c28e167b74f"

    /// An agent entry's keys in Letta's order, with the value written when nothing says otherwise.
    static let entryTemplate: JSONObject = [
        "name": "", "memory_blocks": [], "tools": [], "tool_ids": [], "source_ids": [], "folder_ids": nil,
        "block_ids": [], "tool_rules": [], "tags": [], "system": "", "agent_type": "letta_v1_agent",
        "initial_message_sequence": nil, "include_base_tools": false, "include_multi_agent_tools": false,
        "include_base_tool_rules": false, "include_default_source": false, "description": nil, "metadata": nil,
        "llm_config": nil, "embedding_config": nil, "model": nil, "embedding": nil, "model_settings": nil,
        "compaction_settings": nil, "context_window_limit": nil, "embedding_chunk_size": nil, "max_tokens": nil,
        "max_reasoning_tokens": nil, "enable_reasoner": false, "reasoning": nil, "from_template": nil,
        "template": false, "project": nil, "tool_exec_environment_variables": [:], "secrets": nil,
        "memory_variables": nil, "project_id": nil, "template_id": nil, "base_template_id": nil, "identity_ids": nil,
        "message_buffer_autoclear": false, "enable_sleeptime": false, "response_format": nil, "timezone": "UTC",
        "max_files_open": nil, "per_file_view_window_char_limit": nil, "hidden": nil, "parallel_tool_calls": nil,
        "id": "", "in_context_message_ids": [], "messages": [], "files_agents": [], "group_ids": [],
    ]

    /// One agent to write, with its stored parts when it was imported from a file.
    struct Item {
        var agent: Agent
        var parts: AgentFileParts?
    }

    let items: [Item]
    /// `scrub_messages`: write no messages.
    var scrubMessages = false
    var now: Timestamp = .now()

    private var ids = AgentFileID.Allocator()

    init(items: [Item], scrubMessages: Bool = false, now: Timestamp = .now()) {
        self.items = items
        self.scrubMessages = scrubMessages
        self.now = now
    }

    mutating func write() -> [UInt8] {
        for item in items { _ = ids.id(for: item.agent.id, kind: "agent") }
        var agents: [JSONValue] = []
        var lists = OrderedLists()
        for item in items {
            agents.append(.object(entry(for: item, into: &lists)))
        }
        var root = JSONObject()
        root["agents"] = .array(agents)
        root["groups"] = .array(lists.groups.values)
        root["blocks"] = .array(lists.blocks.values)
        root["files"] = .array(lists.files.values)
        root["sources"] = .array(lists.sources.values)
        root["tools"] = .array(lists.tools.values)
        root["mcp_servers"] = .array(lists.mcpServers.values)
        root["skills"] = .array(lists.skills.values)
        root["metadata"] = .object(["revision_id": .string(Self.revisionID)])
        root["created_at"] = .string(Self.lettaTimestamp(now))
        return JSONValue.object(root).encoded
    }

    /// The agent's entry; its blocks, tools, groups, files, sources, MCP servers and skills go
    /// to `lists` (each once).
    private mutating func entry(for item: Item, into lists: inout OrderedLists) -> JSONObject {
        let agent = item.agent
        var entry = Self.entryTemplate
        if let stored = item.parts?.entry {
            for (key, value) in stored { entry[key] = value }
        }
        let agentFileID = ids.id(for: agent.id, kind: "agent")
        var blockIDs: [JSONValue] = []
        for block in agent.blocks {
            let fileID = ids.id(for: block.id, kind: "block")
            blockIDs.append(.string(fileID))
            lists.blocks.add(block.id) { Self.blockEntry(block, id: fileID) }
        }
        var toolIDs: [JSONValue] = []
        if let toolsJSON = agent.toolsJSON, case let .array(tools)? = try? JSONParser.parse(toolsJSON) {
            for case var .object(tool) in tools {
                let storedID = tool["id"]?.stringValue ?? ""
                let fileID = ids.id(for: storedID, kind: "tool")
                tool["id"] = .string(fileID)
                toolIDs.append(.string(fileID))
                lists.tools.add(storedID) { tool }
            }
        }
        let parts = item.parts
        var messages: [JSONValue] = []
        if !scrubMessages {
            for var message in parts?.messages ?? [] {
                message["id"] = .string(ids.id(for: message["id"]?.stringValue ?? "", kind: "message"))
                message["agent_id"] = .string(agentFileID)
                if let group = message["group_id"]?.stringValue { message["group_id"] = .string(mappedGroup(group)) }
                messages.append(.object(message))
            }
        }
        var groupIDs: [JSONValue] = []
        for group in parts?.groups ?? [] {
            let storedID = group["id"]?.stringValue ?? ""
            let fileID = mappedGroup(storedID)
            groupIDs.append(.string(fileID))
            lists.groups.add(storedID) { exportedGroup(group, id: fileID) }
        }
        var sourceIDs: [JSONValue] = []
        for var source in parts?.sources ?? [] {
            let storedID = source["id"]?.stringValue ?? ""
            let fileID = ids.id(for: storedID, kind: "source")
            sourceIDs.append(.string(fileID))
            source["id"] = .string(fileID)
            lists.sources.add(storedID) { source }
        }
        for var file in parts?.files ?? [] {
            let storedID = file["id"]?.stringValue ?? ""
            file["id"] = .string(ids.id(for: storedID, kind: "file"))
            if let source = file["source_id"]?.stringValue { file["source_id"] = .string(ids.id(for: source, kind: "source")) }
            lists.files.add(storedID) { file }
        }
        for var server in parts?.mcpServers ?? [] {
            let storedID = server["id"]?.stringValue ?? ""
            server["id"] = .string(ids.id(for: storedID, kind: "mcp_server"))
            lists.mcpServers.add(storedID) { server }
        }
        for var skill in parts?.skills ?? [] {
            let storedID = skill["id"]?.stringValue ?? ""
            skill["id"] = .string(ids.id(for: storedID, kind: "skill"))
            lists.skills.add(storedID) { skill }
        }
        let attachments: [JSONValue] = (entry["files_agents"]?.arrayValue ?? []).map { item in
            guard case var .object(attachment) = item else { return item }
            for (key, kind) in [("file_id", "file"), ("source_id", "source")] {
                if let id = attachment[key]?.stringValue { attachment[key] = .string(ids.id(for: id, kind: kind)) }
            }
            attachment["agent_id"] = .string(agentFileID)
            return .object(attachment)
        }
        let fileLimits = AgentDefaults.fileLimits(contextWindow: agent.llmConfig["context_window"]?.intValue.map { Int($0) })
        let blanked = JSONValue.object(JSONObject(agent.secrets.map { (key: $0.key, value: JSONValue.string("")) }))
        let modeled: [(String, JSONValue)] = [
            ("name", .string(agent.name)), ("memory_blocks", []), ("tools", []), ("tool_ids", .array(toolIDs)),
            ("source_ids", .array(sourceIDs)), ("block_ids", .array(blockIDs)), ("tool_rules", .array(agent.toolRules)),
            ("tags", .array(agent.tags.map(JSONValue.string))), ("system", .string(agent.system)),
            ("agent_type", .string(agent.agentType)), ("include_base_tools", false),
            ("include_multi_agent_tools", false), ("include_base_tool_rules", false), ("include_default_source", false),
            ("description", agent.description.map(JSONValue.string) ?? .null), ("metadata", agent.metadata),
            ("llm_config", .object(agent.llmConfig)), ("embedding_config", agent.embeddingConfig.map(JSONValue.object) ?? .null),
            ("model", .null), ("embedding", .null), ("compaction_settings", agent.compactionSettings),
            ("tool_exec_environment_variables", agent.secrets.isEmpty ? [:] : blanked),
            ("secrets", agent.secrets.isEmpty ? .null : blanked), ("project_id", .null), ("template_id", .null),
            ("base_template_id", .null), ("identity_ids", .null),
            ("message_buffer_autoclear", .bool(agent.messageBufferAutoclear)), ("enable_sleeptime", false),
            ("response_format", agent.responseFormat), ("timezone", agent.timezone.map(JSONValue.string) ?? .null),
            ("max_files_open", .int(Int64(agent.maxFilesOpen ?? fileLimits.maxFilesOpen))),
            ("per_file_view_window_char_limit",
             .int(Int64(agent.perFileViewWindowCharLimit ?? fileLimits.perFileViewWindowCharLimit))),
            ("hidden", agent.hidden.map(JSONValue.bool) ?? .null), ("id", .string(agentFileID)),
            ("in_context_message_ids", .array(scrubMessages ? [] : agent.messageIDs.compactMap { ids.existing($0).map(JSONValue.string) })),
            ("messages", .array(messages)), ("files_agents", .array(attachments)), ("group_ids", .array(groupIDs)),
        ]
        for (key, value) in modeled { entry[key] = value }
        return entry
    }

    private mutating func mappedGroup(_ storedID: String) -> String {
        ids.id(for: storedID, kind: "group")
    }

    /// A group with file ids; members not in this file are left out (a manager not in it: null).
    private func exportedGroup(_ group: JSONObject, id: String) -> JSONObject {
        var copy = group
        copy["id"] = .string(id)
        copy["agent_ids"] = .array((group["agent_ids"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(ids.existing).map(JSONValue.string) })
        copy["shared_block_ids"] = .array((group["shared_block_ids"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(ids.existing).map(JSONValue.string) })
        if case var .object(manager)? = group["manager_config"], let managerID = manager["manager_agent_id"]?.stringValue {
            manager["manager_agent_id"] = ids.existing(managerID).map(JSONValue.string) ?? .null
            copy["manager_config"] = .object(manager)
        }
        return copy
    }

    /// A block entry in Letta's key order.
    static func blockEntry(_ block: Block, id: String) -> JSONObject {
        [
            "value": .string(block.value), "limit": .int(Int64(block.limit)),
            "project_id": block.projectID.map(JSONValue.string) ?? .null,
            "template_name": block.templateName.map(JSONValue.string) ?? .null, "is_template": .bool(block.isTemplate),
            "template_id": block.templateID.map(JSONValue.string) ?? .null,
            "base_template_id": block.baseTemplateID.map(JSONValue.string) ?? .null,
            "deployment_id": block.deploymentID.map(JSONValue.string) ?? .null,
            "entity_id": block.entityID.map(JSONValue.string) ?? .null,
            "preserve_on_migration": block.preserveOnMigration.map(JSONValue.bool) ?? .null,
            "label": block.label.map(JSONValue.string) ?? .null, "read_only": .bool(block.readOnly),
            "description": block.description.map(JSONValue.string) ?? .null, "metadata": .object(block.metadata),
            "hidden": block.hidden.map(JSONValue.bool) ?? .null,
            "tags": block.tags.isEmpty ? .null : .array(block.tags.map(JSONValue.string)), "id": .string(id),
        ]
    }

    /// `2026-12-07T06:17:22.489649+00:00`, as Python's `isoformat()` writes UTC.
    static func lettaTimestamp(_ time: Timestamp) -> String {
        var text = time.iso8601
        if text.hasSuffix("Z") { text.removeLast() }
        if !text.contains(".") { text += ".000000" }
        return text + "+00:00"
    }
}

/// The top-level lists being collected: each object once, by stored id, in first-seen order.
struct OrderedLists {
    var groups = OrderedEntries()
    var blocks = OrderedEntries()
    var files = OrderedEntries()
    var sources = OrderedEntries()
    var tools = OrderedEntries()
    var mcpServers = OrderedEntries()
    var skills = OrderedEntries()
}

/// Entries keyed by stored id, first one wins.
struct OrderedEntries {
    private(set) var values: [JSONValue] = []
    private var seen = Set<String>()

    mutating func add(_ storedID: String, _ make: () -> JSONObject) {
        guard seen.insert(storedID).inserted else { return }
        values.append(.object(make()))
    }
}
