/// What importing an agent file writes, in one transaction: the new blocks, then each agent
/// (linked to its blocks, its tools in `toolsJSON`) with the parts of the file this server
/// does not otherwise model, kept for export (`AgentFileParts`).
public struct AgentFileImportPlan: Sendable {
    public var blocks: [Block]
    public var agents: [ImportedAgent]

    /// One agent of the file, with new ids throughout.
    public struct ImportedAgent: Sendable {
        public var agent: Agent
        /// `AgentFileParts` as JSON text.
        public var parts: String
    }
}

/// The parts of an agent file kept with each imported agent, as one JSON object: `agent` (the
/// file's agent entry with every key, ids remapped, without its messages), `messages`,
/// `groups` (those it manages or belongs to), `files`, `sources`, `mcp_servers` and `skills`.
/// Ids inside are stored ids, so several agents of one import share them.
public struct AgentFileParts: Sendable {
    public var entry: JSONObject
    public var messages: [JSONObject]
    public var groups: [JSONObject]
    public var files: [JSONObject]
    public var sources: [JSONObject]
    public var mcpServers: [JSONObject]
    public var skills: [JSONObject]

    static let listKeys = ["messages", "groups", "files", "sources", "mcp_servers", "skills"]

    public init(
        entry: JSONObject, messages: [JSONObject], groups: [JSONObject], files: [JSONObject], sources: [JSONObject],
        mcpServers: [JSONObject], skills: [JSONObject]
    ) {
        self.entry = entry
        self.messages = messages
        self.groups = groups
        self.files = files
        self.sources = sources
        self.mcpServers = mcpServers
        self.skills = skills
    }

    /// Parses stored text; nil when it is not an object (the caller treats it as corrupt).
    public init?(text: String) {
        guard case let .object(root)? = try? JSONParser.parse(text) else { return nil }
        func list(_ key: String) -> [JSONObject] { (root[key]?.arrayValue ?? []).compactMap(\.objectValue) }
        self.init(
            entry: root["agent"]?.objectValue ?? JSONObject(), messages: list("messages"), groups: list("groups"),
            files: list("files"), sources: list("sources"), mcpServers: list("mcp_servers"), skills: list("skills"))
    }

    public var text: String {
        let lists = [messages, groups, files, sources, mcpServers, skills]
        var root = JSONObject([("agent", .object(entry))])
        for (key, list) in zip(Self.listKeys, lists) { root[key] = .array(list.map(JSONValue.object)) }
        return String(decoding: JSONValue.object(root).encoded, as: UTF8.self)
    }
}
