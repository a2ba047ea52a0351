import Testing
@testable import IdentityCore
import IdentityTestSupport

/// Carrying an agent's tools and messages onto the agent with the same id, on the selected
/// backend: `AgentFileStore.setAgentFileParts`, `AgentFileCarrier` over a file Letta exported,
/// `ObjectImporter.putParts`, and agent lines of the dump (version 2).
@Suite struct AgentFilePartsMigrationTests {
    let org = Actor.defaultOrganizationID

    /// Letta's export of its `loop` agent and an agent record like `migrate` reads from Letta's
    /// AgentState: Letta's ids for the agent, its in-context messages and its tools.
    func lettaAgent() throws -> (file: JSONValue, agent: Agent, toolIDs: [String: String]) {
        let file = try AgentFilesHarness.parsed(AgentFilesHarness.realFile("exported-by-letta/loop.af"))
        let entry = try #require(file["agents"]?.arrayValue?.first)
        var agent = Agent(
            organizationID: org, name: entry["name"]?.stringValue ?? "", agentType: entry["agent_type"]?.stringValue ?? "",
            system: entry["system"]?.stringValue ?? "", llmConfig: try #require(entry["llm_config"]?.objectValue),
            createdAt: Timestamp(microseconds: 1_700_000_000_000_000))
        agent.updatedAt = agent.createdAt
        agent.messageIDs = (entry["in_context_message_ids"]?.arrayValue ?? []).map { _ in ObjectID.generate(.message) }
        var toolIDs: [String: String] = [:]
        let tools: [JSONValue] = (file["tools"]?.arrayValue ?? []).map { tool in
            guard case .object(var object) = tool else { return tool }
            let id = ObjectID.generate(.tool)
            toolIDs[object["name"]?.stringValue ?? ""] = id
            object["id"] = .string(id)
            return .object(object)
        }
        agent.toolsJSON = JSONValue.array(tools).encoded
        return (file, agent, toolIDs)
    }

    @Test func setAgentFileParts_ReplacesToolsAndParts_AndNothingElse() throws {
        let store = try makeTestStore()
        let files = try #require(store as? any AgentFileStore)
        let block = try store.createBlock(Block(organizationID: org, label: "human", value: "v"))
        var agent = try lettaAgent().agent
        agent.toolsJSON = nil
        agent.blockIDs = [block.id]
        agent.tags = ["t"]
        let created = try store.createAgent(agent, newBlocks: [])
        let tools = Array(#"[{"id":"tool-1","name":"roll"}]"#.utf8)
        try files.setAgentFileParts(agentID: agent.id, organizationID: org, toolsJSON: tools, parts: #"{"agent":{},"messages":[]}"#)
        var stored = try #require(try store.agent(id: agent.id, organizationID: org))
        #expect(stored.toolsJSON == tools)
        stored.toolsJSON = nil
        #expect(stored == created)
        #expect(try files.agentFileParts(agentID: agent.id, organizationID: org) == #"{"agent":{},"messages":[]}"#)
        #expect(try files.agentFileParts(agentIDs: [agent.id, "agent-00000000-0000-4000-8000-000000000009"], organizationID: org)
            == [agent.id: #"{"agent":{},"messages":[]}"#])

        try files.setAgentFileParts(agentID: agent.id, organizationID: org, toolsJSON: nil, parts: nil)
        #expect(try store.agent(id: agent.id, organizationID: org)?.toolsJSON == nil)
        #expect(try files.agentFileParts(agentIDs: [agent.id], organizationID: org).isEmpty)
        #expect(throws: StoreError.notFound(kind: .agent, id: "agent-00000000-0000-4000-8000-000000000009")) {
            try files.setAgentFileParts(
                agentID: "agent-00000000-0000-4000-8000-000000000009", organizationID: org, toolsJSON: nil, parts: "{}")
        }
    }

    @Test func lettasExport_IsCarriedOntoTheAgent_OnceAndExportsTheSameToolsAndMessages() throws {
        let harness = try AgentFilesHarness()
        let store = harness.agents.store
        let (file, agent, toolIDs) = try lettaAgent()
        let parts = try AgentFileCarrier.parts(fromExport: file, agent: agent, toolIDsByName: toolIDs, blockIDsByLabel: [:])
        #expect(try AgentFileCarrier.parts(fromExport: file, agent: agent, toolIDsByName: toolIDs, blockIDsByLabel: [:]) == parts)

        let importer = ObjectImporter(store: store, organizationID: org)
        #expect(try importer.put(SourceRecord(object: agent, createdAtKnown: true)) == .created)
        #expect(try importer.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: parts) == .updated)
        #expect(try importer.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: parts) == .unchanged)
        // Letta invents a new otid per export for a message stored without one: not a change.
        var reexported = try #require(AgentFileParts(text: parts))
        reexported.messages[0]["otid"] = "00000000-0000-4000-8000-00000000abcd"
        #expect(try importer.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: reexported.text) == .unchanged)
        reexported.messages[0]["role"] = "user"
        #expect(try importer.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: reexported.text) == .updated)
        #expect(try importer.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: parts) == .updated)
        let checker = ObjectImporter(store: store, organizationID: org, dryRun: true)
        #expect(try checker.putParts(agentID: agent.id, toolsJSON: agent.toolsJSON, parts: nil) == .updated)

        // The stored messages keep Letta's in-context ids and belong to the agent.
        let stored = try #require(AgentFileParts(text: parts))
        let entry = try #require(file["agents"]?.arrayValue?.first)
        #expect(stored.messages.count == entry["messages"]?.arrayValue?.count)
        #expect(stored.messages.compactMap { $0["id"]?.stringValue } == agent.messageIDs)
        #expect(stored.messages.allSatisfy { $0["agent_id"]?.stringValue == agent.id })

        // Tools by name, without their file ids (Letta numbers them in another order than it lists them).
        func toolsByName(_ document: JSONValue) -> [String: JSONValue] {
            var tools: [String: JSONValue] = [:]
            for case .object(var tool) in document["tools"]?.arrayValue ?? [] {
                let name = tool["name"]?.stringValue ?? ""
                tool["id"] = nil
                tools[name] = .object(tool)
            }
            return tools
        }
        let exported = harness.export(agent.id)
        #expect(toolsByName(exported).count == 9)
        #expect(toolsByName(exported) == toolsByName(file))
        let ours = try #require(exported["agents"]?.arrayValue?.first)
        #expect(ours["tool_ids"]?.arrayValue?.count == 9)
        for key in ["messages", "in_context_message_ids", "tool_rules", "system", "llm_config"] {
            #expect(ours[key] == entry[key], "\(key)")
        }
    }

    @Test func dumpLinesOfVersion2_CarryToolsAndParts_AndVersion1LinesLeaveThemAlone() throws {
        var agent = try lettaAgent().agent
        let parts = #"{"agent":{"name":"x"},"messages":[{"id":"message-1","role":"user"}]}"#
        let line = DumpFormat.line(agent, parts: parts)
        let json = try JSONParser.parse(line)
        #expect(try RecordDecoding.agent(json, organizationID: org).object == agent)
        #expect(try DumpFormat.parts(of: json) == .some(parts))
        #expect(try DumpFormat.parts(of: JSONParser.parse(DumpFormat.line(agent))) == .some(nil))
        agent.toolsJSON = nil
        guard case .object(var version1) = try JSONParser.parse(DumpFormat.line(agent)) else {
            Issue.record("an agent line is an object")
            return
        }
        version1["tools"] = nil
        version1["agent_file_parts"] = nil
        let old = try RecordDecoding.agent(.object(version1), organizationID: org)
        #expect(old.object == agent && !old.toolsKnown)
        #expect(try DumpFormat.parts(of: .object(version1)) == nil)

        // A version 1 line leaves the target's tools alone; a version 2 line sets them.
        let store = try makeTestStore()
        let importer = ObjectImporter(store: store, organizationID: org)
        var withTools = try RecordDecoding.agent(json, organizationID: org)
        #expect(withTools.toolsKnown && withTools.object.toolsJSON != nil)
        #expect(try importer.put(withTools) == .created)
        #expect(try importer.put(old) == .unchanged)
        #expect(try store.agent(id: agent.id, organizationID: org)?.toolsJSON == withTools.object.toolsJSON)
        withTools.object.toolsJSON = nil
        #expect(try importer.put(withTools) == .updated)
        #expect(try store.agent(id: agent.id, organizationID: org)?.toolsJSON == nil)
        #expect(throws: MalformedRecord.self) {
            version1["agent_file_parts"] = "not an object"
            return try DumpFormat.parts(of: .object(version1))
        }
    }
}
