import HTTPKit
import Testing

@testable import IdentityCore

@Suite("Agent files: import and export of the real files")
struct AgentFileImportExportTests {
    static let realFiles = ["loop.af", "evie.af", "customer_service.af", "memgpt_agent_with_convo.af", "deep_research_agent.af"]

    @Test(arguments: realFiles)
    func realFile_ImportsAndExportsWithTheSameContent(_ name: String) throws {
        let harness = try AgentFilesHarness()
        let bytes = try AgentFilesHarness.realFile(name)
        let file = try AgentFilesHarness.parsed(bytes)
        let fileAgents = file["agents"]?.arrayValue ?? []
        let ids = harness.importFile(bytes)
        #expect(ids.count == fileAgents.count)
        #expect(harness.agentCount() == fileAgents.count)
        for (index, id) in ids.enumerated() {
            let state = harness.agents.agentState(id)
            let entry = fileAgents[index]
            #expect(state["name"]?.stringValue == (entry["name"]?.stringValue ?? "") + "_copy")
            #expect(state["system"]?.stringValue == entry["system"]?.stringValue)
            #expect(state["tools"]?.arrayValue?.count == entry["tool_ids"]?.arrayValue?.count)
            #expect(state["blocks"]?.arrayValue?.count == entry["block_ids"]?.arrayValue?.count)
            let listed = harness.agents.send(.get, "/v1/agents/\(id)/tools?limit=100")
            #expect(Set(listed.names) == Set(state["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []))

            let exported = harness.export(id)
            let exportedNames = exported["agents"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            let position = try #require(exportedNames.firstIndex(of: state["name"]?.stringValue ?? ""))
            #expect(AgentFileContent(file: exported, agentIndex: position) == AgentFileContent(file: file, agentIndex: index))
            let exportedEntry = exported["agents"]!.arrayValue![position]
            #expect(exportedEntry.keys.count == 53)
            #expect(exportedEntry["identity_ids"] == .null)
            #expect(exportedEntry["id"]?.stringValue?.hasPrefix("agent-") == true)
        }
    }

    @Test func sharedBlocksAndGroups_EvieExportsBothAgentsEachBlockOnce() throws {
        let harness = try AgentFilesHarness()
        let bytes = try AgentFilesHarness.realFile("evie.af")
        let file = try AgentFilesHarness.parsed(bytes)
        let ids = harness.importFile(bytes)
        try #require(ids.count == 2)
        let first = Set(harness.agents.agentState(ids[0])["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        let second = Set(harness.agents.agentState(ids[1])["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        #expect(!first.isDisjoint(with: second), "evie's agents share blocks")
        #expect(harness.agents.send(.get, "/v1/blocks/count").json.intValue == Int64(file["blocks"]?.arrayValue?.count ?? -1))

        let exported = harness.export(ids[0])
        #expect(exported["agents"]?.arrayValue?.count == 2)
        let blockIDs = exported["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(blockIDs.count == file["blocks"]?.arrayValue?.count)
        #expect(Set(blockIDs).count == blockIDs.count)
        let group = try #require(exported["groups"]?.arrayValue?.first)
        #expect(group["manager_config"]?["manager_agent_id"]?.stringValue == "agent-0")
        #expect(group["agent_ids"]?.strings == ["agent-1"])
        let messageIDs = exported["agents"]!.arrayValue!.flatMap { ($0["messages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } }
        #expect(messageIDs == (0..<messageIDs.count).map { "message-\($0)" }, "one message counter across agents")
    }

    @Test func doubleEncodedFile_Imports() throws {
        let harness = try AgentFilesHarness()
        let bytes = try AgentFilesHarness.realFile("customer_service.af")
        #expect(bytes.first == UInt8(ascii: "\""), "the file is a JSON string")
        let ids = harness.importFile(bytes)
        #expect(ids.count == 1)
        #expect(harness.agents.agentState(ids[0])["tools"]?.arrayValue?.count == 7)
    }

    @Test func options_NameProjectSecretsStripMessagesAndOverrides() throws {
        let harness = try AgentFilesHarness()
        let bytes = try AgentFilesHarness.realFile("memgpt_agent_with_convo.af")
        var headers = HTTPHeaders()
        headers.add(name: "X-Project-Id", value: "project-from-header")
        headers.add(name: "x-override-embedding-model", value: "openai/text-embedding-3-large")
        let ids = harness.importFile(
            bytes,
            fields: [("name", "renamed"), ("project_id", "project-from-form"), ("strip_messages", "true"),
                     ("secrets", #"{"API_KEY":"s3cret"}"#), ("model", "openai/gpt-4o-mini")],
            headers: headers)
        let state = harness.agents.agentState(try #require(ids.first))
        #expect(state["name"]?.stringValue == "renamed")
        #expect(state["project_id"]?.stringValue == "project-from-header")
        #expect(state["llm_config"]?["model"]?.stringValue == "gpt-4o-mini")
        #expect(state["embedding_config"]?["embedding_model"]?.stringValue == "text-embedding-3-large")
        #expect(state["message_ids"]?.arrayValue?.isEmpty == true)
        let secrets = state["secrets"]?.arrayValue ?? []
        #expect(secrets.contains { $0["key"]?.stringValue == "API_KEY" && $0["value"]?.stringValue == "s3cret" })
        let exported = harness.export(ids[0])
        let entry = try #require(exported["agents"]?.arrayValue?.first)
        #expect(entry["messages"]?.arrayValue?.isEmpty == true)
        #expect(entry["secrets"]?["API_KEY"]?.stringValue == "", "secret values are blanked, keys kept")

        let plain = harness.importFile(bytes, fields: [("append_copy_suffix", "false")])
        #expect(harness.agents.agentState(try #require(plain.first))["name"]?.stringValue == "memgpt_agent")
    }

    @Test func agentCreatedThroughTheAPI_ExportsWithEmptyLists() throws {
        let harness = try AgentFilesHarness()
        let block = try harness.agents.makeBlock("human", value: "Ada")
        let id = harness.agents.agent("plain", #""tags":["a","b"],"block_ids":["\#(block.id)"],"secrets":{"K":"v"}"#)
        let exported = harness.export(id)
        #expect(exported.keys == ["agents", "groups", "blocks", "files", "sources", "tools", "mcp_servers", "skills", "metadata", "created_at"])
        for list in ["groups", "files", "sources", "tools", "mcp_servers", "skills"] {
            #expect(exported[list]?.arrayValue?.isEmpty == true, "\(list)")
        }
        #expect(exported["metadata"]?["revision_id"]?.stringValue == AgentFileExporter.revisionID)
        let entry = try #require(exported["agents"]?.arrayValue?.first)
        #expect(entry["id"]?.stringValue == "agent-0")
        #expect(entry["block_ids"]?.strings == ["block-0"])
        #expect(exported["blocks"]?.arrayValue?.first?["value"]?.stringValue == "Ada")
        #expect(entry["tags"]?.strings == ["a", "b"])
        #expect(entry["secrets"]?["K"]?.stringValue == "")
        #expect(entry["identity_ids"] == .null)

        let again = harness.importFile(harness.agents.send(.get, "/v1/agents/\(id)/export").json.encoded)
        let copy = harness.agents.agentState(try #require(again.first))
        #expect(copy["name"]?.stringValue == "plain_copy")
        #expect(copy["tags"]?.strings == ["a", "b"])
        #expect(copy["blocks"]?.arrayValue?.first?["value"]?.stringValue == "Ada")
    }

    @Test func exportQuery_LegacyFormatIs400_UnknownAgentIs404_ScrubMessages() throws {
        let harness = try AgentFilesHarness()
        let ids = harness.importFile(try AgentFilesHarness.realFile("loop.af"))
        let id = try #require(ids.first)
        let legacy = harness.agents.send(.get, "/v1/agents/\(id)/export?use_legacy_format=true")
        #expect(legacy.status == .badRequest)
        #expect(legacy.detail == "Legacy format is not supported")
        #expect(harness.agents.send(.get, "/v1/agents/\(missingID(.agent))/export").status == .notFound)
        #expect(harness.agents.send(.get, "/v1/agents/\(id)/export?max_steps=5").status == .ok)
        let scrubbed = harness.export(id, query: "?scrub_messages=true")
        #expect(scrubbed["agents"]?.arrayValue?.first?["messages"]?.arrayValue?.isEmpty == true)
    }

    @Test func deletingAnImportedAgent_RemovesItsParts() throws {
        let harness = try AgentFilesHarness()
        let id = try #require(harness.importFile(try AgentFilesHarness.realFile("loop.af")).first)
        #expect(harness.agents.send(.delete, "/v1/agents/\(id)").status == .ok)
        let store = try #require(harness.agents.store as? any AgentFileStore)
        #expect(try store.agentFileParts(agentID: id, organizationID: Actor.defaultOrganizationID) == nil)
    }
}
