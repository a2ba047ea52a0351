/// A parsed agent file (`.af`): Letta's portable document of agents with their blocks, tools,
/// messages, groups, files, sources, MCP servers and skills, all referring to each other by
/// file-local ids (`agent-0`, `block-3`, …). See docs/agent-files.md.
///
/// Parsing follows Letta 0.16.8: the bytes must be JSON; a JSON string holding the document
/// (some published files are encoded twice) is parsed again; the current format is recognised
/// by `agents` being a list, anything else (the old single-agent format) is refused.
public struct AgentFileDocument: Sendable {
    /// The top-level lists besides `agents`, in the order Letta writes them.
    public static let sideLists = ["groups", "blocks", "files", "sources", "tools", "mcp_servers", "skills"]

    public let root: JSONObject
    public let agents: [JSONObject]

    /// Parses an upload; a 400 with Letta's wording when it is not a current-format file.
    public init(bytes: [UInt8]) throws(APIError) {
        var value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
            if case let .string(inner) = value { value = try JSONParser.parse(inner) }
        } catch {
            throw APIError.badRequest("Corrupted agent file format.")
        }
        guard case let .object(root) = value, case let .array(agents)? = root["agents"] else {
            throw APIError.badRequest(
                "Legacy AgentSchema format is deprecated. Please use the new AgentFileSchema format with 'agents' field.")
        }
        var objects: [JSONObject] = []
        for (index, agent) in agents.enumerated() {
            guard case let .object(object) = agent else {
                throw APIError.badRequest("Invalid agent file: agents[\(index)] is not an object")
            }
            objects.append(object)
        }
        self.root = root
        self.agents = objects
    }

    /// The entries of a top-level list (absent or null: empty); a 400 when it is not a list of objects.
    public func list(_ key: String) throws(APIError) -> [JSONObject] {
        try Self.objects(root[key], at: key)
    }

    /// The objects of a list-valued member; a 400 naming `path` when it is not a list of objects.
    static func objects(_ value: JSONValue?, at path: String) throws(APIError) -> [JSONObject] {
        switch value {
        case nil, .null?: return []
        case let .array(items)?:
            var objects: [JSONObject] = []
            objects.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard case let .object(object) = item else {
                    throw APIError.badRequest("Invalid agent file: \(path)[\(index)] is not an object")
                }
                objects.append(object)
            }
            return objects
        default:
            throw APIError.badRequest("Invalid agent file: \(path) is not a list")
        }
    }

    /// The strings of a list-valued member (absent or null: empty); a 400 otherwise.
    static func strings(_ value: JSONValue?, at path: String) throws(APIError) -> [String] {
        switch value {
        case nil, .null?: return []
        case let .array(items)?:
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case let .string(text) = item else {
                    throw APIError.badRequest("Invalid agent file: \(path)[\(index)] is not a string")
                }
                strings.append(text)
            }
            return strings
        default:
            throw APIError.badRequest("Invalid agent file: \(path) is not a list")
        }
    }
}

/// File-local ids: `<kind>-<n>`, one counter per kind.
enum AgentFileID {
    /// Whether `id` is `<kind>-<decimal digits>` with a kind of lowercase letters and underscores.
    static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let dash = bytes.lastIndex(of: UInt8(ascii: "-")), dash > 0, dash + 1 < bytes.count else { return false }
        let kindOK = bytes[..<dash].allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
        let numberOK = bytes[(dash + 1)...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return kindOK && numberOK
    }

    /// Hands out `<kind>-0`, `<kind>-1`, … per kind, the same file id for the same stored id.
    struct Allocator {
        private var counters: [String: Int] = [:]
        private(set) var ids: [String: String] = [:]

        /// The file id of `storedID`, allocating the next of `kind` the first time.
        mutating func id(for storedID: String, kind: String) -> String {
            if let known = ids[storedID] { return known }
            let number = counters[kind, default: 0]
            counters[kind] = number + 1
            let fileID = "\(kind)-\(number)"
            ids[storedID] = fileID
            return fileID
        }

        /// The file id already given to `storedID`, if any.
        func existing(_ storedID: String) -> String? { ids[storedID] }
    }

    /// A new stored id for a file object of `kind`: the Letta kinds this server knows get their
    /// usual `<kind>-<uuid4>`; the others (file, mcp_server, skill, …) the same shape.
    static func newStoredID(kind: String) -> String {
        if let known = ObjectKind(rawValue: kind) { return ObjectID.generate(known) }
        let generated = ObjectID.generate(.source)
        return kind + generated.dropFirst(ObjectKind.source.prefix.count)
    }
}
