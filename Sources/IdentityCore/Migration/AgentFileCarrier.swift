/// Turns Letta's agent file of one agent (`GET /v1/agents/{agent_id}/export`) into the parts
/// document this server keeps for that agent (`AgentFileParts`: its messages, the other keys of
/// its entry, groups, files, sources, MCP servers, skills), so that `migrate` carries them onto the
/// agent with the same id and this server's export gives them back.
///
/// Stored ids: the file's first agent is the agent itself; tools keep Letta's ids (found by name
/// among the agent's `tools`), in-context messages Letta's `message_ids` (by position), blocks
/// Letta's ids (by label); every other object gets an id derived from the agent's id and its place
/// in the file (not its file id: Letta's concurrent exports share their id counters), so reading
/// the same agent again gives the same document (a rerun writes nothing).
public enum AgentFileCarrier {
    /// The parts document; `MalformedRecord` when the file is not a valid agent file of this agent.
    public static func parts(
        fromExport file: JSONValue, agent: Agent, toolIDsByName: [String: String], blockIDsByLabel: [String: String]
    ) throws -> String {
        let document: AgentFileDocument
        do {
            document = try AgentFileDocument(bytes: file.encoded)
        } catch {
            throw MalformedRecord("agent \(agent.id): its export is not an agent file (\(reason(error)))")
        }
        guard let entry = document.agents.first, let agentFileID = entry["id"]?.stringValue else {
            throw MalformedRecord("agent \(agent.id): its export holds no agent")
        }
        var known: [String: String] = [agentFileID: agent.id]
        // Letta numbers file ids with counters shared by concurrent exports, so the same object
        // can get another file id next time: derive the others from their place in the file.
        let messages = (entry["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        for (index, fileID) in messages.enumerated() {
            known[fileID] = derivedID(kind: "message", agentID: agent.id, fileID: "messages#\(index)")
        }
        for list in AgentFileDocument.sideLists {
            for (index, item) in ((try? document.list(list)) ?? []).enumerated() {
                guard let fileID = item["id"]?.stringValue else { continue }
                let kind = fileID.split(separator: "-").dropLast().joined(separator: "-")
                known[fileID] = derivedID(kind: kind, agentID: agent.id, fileID: "\(list)#\(index)")
            }
        }
        for (index, other) in document.agents.enumerated().dropFirst() {
            if let fileID = other["id"]?.stringValue {
                known[fileID] = derivedID(kind: "agent", agentID: agent.id, fileID: "agents#\(index)")
            }
        }
        let inContext = (entry["in_context_message_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        if inContext.count == agent.messageIDs.count {
            for (fileID, storedID) in zip(inContext, agent.messageIDs) { known[fileID] = storedID }
        }
        for tool in (try? document.list("tools")) ?? [] {
            if let fileID = tool["id"]?.stringValue, let name = tool["name"]?.stringValue, let id = toolIDsByName[name] {
                known[fileID] = id
            }
        }
        for block in (try? document.list("blocks")) ?? [] {
            if let fileID = block["id"]?.stringValue, let label = block["label"]?.stringValue, let id = blockIDsByLabel[label] {
                known[fileID] = id
            }
        }
        var importer = AgentFileImporter(
            document: document, options: AgentFileImportOptions(),
            actor: Actor(userID: agent.createdByID ?? Actor.defaultUserID, organizationID: agent.organizationID),
            now: agent.createdAt)
        let agentID = agent.id
        importer.storedID = { fileID, kind in known[fileID] ?? derivedID(kind: kind, agentID: agentID, fileID: fileID) }
        do {
            guard let imported = try importer.plan().agents.first else {
                throw MalformedRecord("agent \(agent.id): its export holds no agent")
            }
            return imported.parts
        } catch let error as APIError {
            throw MalformedRecord("agent \(agent.id): its export is not a valid agent file (\(reason(error)))")
        }
    }

    private static func reason(_ error: APIError) -> String {
        if case .message(let text) = error.body { return text }
        return "status \(error.status)"
    }

    /// `<kind>-<uuid4 shape>` from the SHA-256 of the agent's id and the file id.
    static func derivedID(kind: String, agentID: String, fileID: String) -> String {
        var bytes = Array(SHA256.hash("\(agentID)/\(fileID)").prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return kind + "-" + groups.joined(separator: "-")
    }
}
