import IdentityCore

/// Reading each agent's tools and messages: Letta's agent export (`GET /v1/agents/{id}/export`,
/// one request per agent, `concurrency` at a time), turned into the parts this server keeps for
/// the agent (`AgentFileCarrier`).
extension LettaSource {
    /// The parts of each agent, by id. `items` are Letta's AgentState objects of `agents`.
    func agentFileParts(of agents: [SourceRecord<Agent>], items: [JSONValue], progress: Progress) async throws
        -> [String: String?]
    {
        let exports = try await concurrently(agents.map(\.object.id)) { id in
            try await client.get("/v1/agents/\(id)/export")
        } done: {
            progress.read(.agent, 0, links: 1)
        }
        var parts: [String: String?] = [:]
        for ((record, item), file) in zip(zip(agents, items), exports) {
            do {
                parts[record.object.id] = try AgentFileCarrier.parts(
                    fromExport: file, agent: record.object, toolIDsByName: Self.ids(in: item["tools"], by: "name"),
                    blockIDsByLabel: Self.ids(in: item["blocks"], by: "label"))
            } catch let error as MalformedRecord {
                throw SourceError("GET /v1/agents/\(record.object.id)/export: \(error)")
            }
        }
        return parts
    }

    /// `work` on each of `inputs`, at most `concurrency` at once; results in input order.
    func concurrently<Output: Sendable>(
        _ inputs: [String], _ work: @escaping @Sendable (String) async throws -> Output, done: @escaping @Sendable () -> Void
    ) async throws -> [Output] {
        var results = [Output?](repeating: nil, count: inputs.count)
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func launch() {
                let index = next
                let input = inputs[index]
                next += 1
                group.addTask { (index, try await work(input)) }
            }
            while next < inputs.count && next < concurrency { launch() }
            while let (index, output) = try await group.next() {
                results[index] = output
                done()
                if next < inputs.count { launch() }
            }
        }
        return results.map { $0! }
    }

    /// `id` of each object in `list` by its member `key` (e.g. tools by name, blocks by label).
    static func ids(in list: JSONValue?, by key: String) -> [String: String] {
        var ids: [String: String] = [:]
        for item in list?.arrayValue ?? [] {
            if let name = item[key]?.stringValue, let id = item["id"]?.stringValue { ids[name] = id }
        }
        return ids
    }

    /// The AgentState with its `tools` sorted by id: Letta lists an agent's tools in no defined
    /// order (a join without ORDER BY), so this fixes one and a rerun compares equal.
    static func withToolsByID(_ item: JSONValue) -> JSONValue {
        guard case .object(var object) = item, let tools = object["tools"]?.arrayValue, tools.count > 1 else { return item }
        object["tools"] = .array(tools.sorted { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") })
        return .object(object)
    }
}
