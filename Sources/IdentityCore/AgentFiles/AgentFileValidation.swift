/// The checks Letta makes before importing a file, each a 400 naming the offending id, so a
/// bad file writes nothing: every id has the form `<kind>-<n>`; no id appears twice, within a
/// kind or across kinds; and every reference names an object the file holds.
struct AgentFileValidation {
    let document: AgentFileDocument

    func check() throws(APIError) {
        var seen = Set<String>()
        func note(_ id: JSONValue?, at path: String) throws(APIError) {
            guard case let .string(text)? = id else {
                throw APIError.badRequest("Invalid agent file: \(path) has no id")
            }
            guard AgentFileID.isValid(text) else {
                throw APIError.badRequest("Invalid agent file: id '\(text)' at \(path) is not of the form <kind>-<number>")
            }
            guard seen.insert(text).inserted else {
                throw APIError.badRequest("Invalid agent file: duplicate id '\(text)'")
            }
        }
        for (index, agent) in document.agents.enumerated() {
            try note(agent["id"], at: "agents[\(index)]")
            for (position, message) in try AgentFileDocument.objects(agent["messages"], at: "agents[\(index)].messages").enumerated() {
                try note(message["id"], at: "agents[\(index)].messages[\(position)]")
            }
        }
        for key in AgentFileDocument.sideLists {
            for (index, entry) in try document.list(key).enumerated() { try note(entry["id"], at: "\(key)[\(index)]") }
        }
        try checkReferences()
    }

    /// Every id a member refers to exists in the file, in the list it should come from.
    private func checkReferences() throws(APIError) {
        var ids: [String: Set<String>] = ["agents": Set(document.agents.compactMap { $0["id"]?.stringValue })]
        for key in AgentFileDocument.sideLists {
            ids[key] = Set(try document.list(key).compactMap { $0["id"]?.stringValue })
        }
        func require(_ references: [String], in list: String, from path: String) throws(APIError) {
            for reference in references where !(ids[list]?.contains(reference) ?? false) {
                throw APIError.badRequest(
                    "Invalid agent file: \(path) refers to '\(reference)', which is not in the file's \(list)")
            }
        }
        for (index, agent) in document.agents.enumerated() {
            let path = "agents[\(index)]"
            let agentID = agent["id"]?.stringValue ?? ""
            try require(try AgentFileDocument.strings(agent["block_ids"], at: "\(path).block_ids"), in: "blocks", from: "\(path).block_ids")
            try require(try AgentFileDocument.strings(agent["tool_ids"], at: "\(path).tool_ids"), in: "tools", from: "\(path).tool_ids")
            try require(try AgentFileDocument.strings(agent["source_ids"], at: "\(path).source_ids"), in: "sources", from: "\(path).source_ids")
            try require(try AgentFileDocument.strings(agent["group_ids"], at: "\(path).group_ids"), in: "groups", from: "\(path).group_ids")
            let messages = try AgentFileDocument.objects(agent["messages"], at: "\(path).messages")
            let messageIDs = Set(messages.compactMap { $0["id"]?.stringValue })
            for reference in try AgentFileDocument.strings(agent["in_context_message_ids"], at: "\(path).in_context_message_ids")
            where !messageIDs.contains(reference) {
                throw APIError.badRequest(
                    "Invalid agent file: \(path).in_context_message_ids refers to '\(reference)', which is not among the agent's messages")
            }
            for (position, message) in messages.enumerated() {
                if let owner = message["agent_id"]?.stringValue, owner != agentID {
                    throw APIError.badRequest(
                        "Invalid agent file: \(path).messages[\(position)] belongs to '\(owner)', not to '\(agentID)'")
                }
            }
            for (position, attachment) in try AgentFileDocument.objects(agent["files_agents"], at: "\(path).files_agents").enumerated() {
                let here = "\(path).files_agents[\(position)]"
                try require([attachment["file_id"]?.stringValue].compactMap { $0 }, in: "files", from: here)
                try require([attachment["source_id"]?.stringValue].compactMap { $0 }, in: "sources", from: here)
                if let owner = attachment["agent_id"]?.stringValue, owner != agentID {
                    throw APIError.badRequest("Invalid agent file: \(here) belongs to '\(owner)', not to '\(agentID)'")
                }
            }
        }
        for (index, group) in try document.list("groups").enumerated() {
            let path = "groups[\(index)]"
            try require(try AgentFileDocument.strings(group["agent_ids"], at: "\(path).agent_ids"), in: "agents", from: "\(path).agent_ids")
            try require(
                try AgentFileDocument.strings(group["shared_block_ids"], at: "\(path).shared_block_ids"), in: "blocks",
                from: "\(path).shared_block_ids")
            if let manager = group["manager_config"]?["manager_agent_id"]?.stringValue {
                try require([manager], in: "agents", from: "\(path).manager_config.manager_agent_id")
            }
        }
        for (index, file) in try document.list("files").enumerated() {
            try require([file["source_id"]?.stringValue].compactMap { $0 }, in: "sources", from: "files[\(index)].source_id")
        }
    }
}
