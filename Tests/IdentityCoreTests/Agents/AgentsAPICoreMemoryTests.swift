import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI core memory")
struct AgentsAPICoreMemoryTests {
    /// An agent with `human` and `persona` memory blocks.
    struct Fixture {
        let harness: AgentsHarness
        let agentID: String
        let created: JSONValue

        init() throws {
            harness = try AgentsHarness()
            created = harness.createAgent(#"""
                {"model":"a/b","memory_blocks":[{"label":"human","value":"The human's name is Ada.","tags":["h"]},
                 {"label":"persona","value":"I am a helpful assistant."}]}
                """#)
            agentID = created["id"]?.stringValue ?? ""
        }

        var blockIDs: [String] { created["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }
        var base: String { "/v1/agents/\(agentID)/core-memory/blocks" }
    }

    @Test func listBlocks_OrdersByIDWithStringCursors() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        let extra = try (0..<3).map { try harness.makeBlock("extra\($0)") }
        for block in extra { harness.send(.patch, "\(fixture.base)/attach/\(block.id)") }
        let ascending = (fixture.blockIDs + extra.map(\.id)).sorted()
        #expect(harness.send(.get, fixture.base).ids == ascending.reversed())
        #expect(harness.send(.get, fixture.base + "?order=asc").ids == ascending)
        #expect(harness.send(.get, fixture.base + "?order=asc&limit=2").ids == Array(ascending[0..<2]))
        #expect(harness.send(.get, fixture.base + "?order=asc&after=\(ascending[1])").ids == Array(ascending[2...]))
        #expect(harness.send(.get, fixture.base + "?order=asc&before=\(ascending[3])").ids == Array(ascending[0..<3]))
        let descending = Array(ascending.reversed())
        #expect(harness.send(.get, fixture.base + "?after=\(descending[1])&limit=2").ids == Array(descending[2..<4]))
        #expect(harness.send(.get, fixture.base + "?before=\(descending[2])").ids == Array(descending[0..<2]))
        #expect(harness.send(.get, fixture.base + "?order=asc&after=block-").ids == ascending)
        #expect(harness.send(.get, fixture.base + "?order=asc&after=block-z").ids.isEmpty)
        let human = harness.send(.get, fixture.base).array.first { $0["label"] == "human" }
        #expect(human?["tags"] == ["h"])
        #expect(harness.send(.get, fixture.base + "?order_by=label").status == .unprocessableEntity)
        #expect(harness.send(.get, "/v1/agents/\(missingID(.agent))/core-memory/blocks").status == .notFound)
        let empty = harness.agent("Empty")
        #expect(harness.send(.get, "/v1/agents/\(empty)/core-memory/blocks").text == "[]")
    }

    @Test func coreMemory_IsTheAgentsMemoryObject_AsLettaAnswersIt() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        let memory = harness.send(.get, "/v1/agents/\(fixture.agentID)/core-memory")
        #expect(memory.status == .ok)
        guard case let .object(object) = memory.json else {
            Issue.record("not an object: \(memory.text)")
            return
        }
        #expect(object.keys == ["agent_type", "git_enabled", "blocks", "file_blocks", "prompt_template"])
        #expect(memory.json["agent_type"] == "letta_v1_agent")
        #expect(memory.json["git_enabled"] == false)
        #expect(memory.json["file_blocks"] == [])
        #expect(memory.json["prompt_template"] == "")
        #expect(memory.json["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == fixture.blockIDs)
        #expect(memory.json["blocks"]?.arrayValue?.first?["value"] == "The human's name is Ada.")
        #expect(memory.json["blocks"] == harness.send(.get, "/v1/agents/\(fixture.agentID)").json["memory"]?["blocks"])
        #expect(harness.send(.get, "/v1/agents/\(missingID(.agent))/core-memory").status == .notFound)
        #expect(harness.send(.get, "/v1/agents/not-an-id/core-memory").status != .ok)
        #expect(harness.send(.get, "/v1/agents/\(harness.agent("Empty"))/core-memory").json["blocks"] == [])
    }

    @Test func blockByLabel_ReturnsBlockOrNamesTheMissingLabel() throws {
        let fixture = try Fixture()
        let human = fixture.harness.send(.get, fixture.base + "/human")
        #expect(human.status == .ok)
        #expect(human.json["value"] == "The human's name is Ada.")
        #expect(human.json["label"] == "human")
        #expect(human.json["tags"] == ["h"])
        #expect(human.json["description"] == .string(Block.defaultDescription(forLabel: "human")!))
        let missing = fixture.harness.send(.get, fixture.base + "/nolabel")
        #expect(missing.status == .notFound)
        #expect(missing.detail == "No block with label 'nolabel' found for agent '\(fixture.agentID)'")
        let noAgent = fixture.harness.send(.get, "/v1/agents/\(missingID(.agent))/core-memory/blocks/human")
        #expect(noAgent.detail == "Agent not found: \(missingID(.agent))")
    }

    @Test func modifyBlock_UpdatesTheSharedBlock() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        let other = harness.agent("Other", #""block_ids":["\#(fixture.blockIDs[0])"]"#)
        let reply = harness.send(
            .patch, fixture.base + "/human",
            #"{"value":"The human's name is Ada Lovelace.","tags":["z","z"],"limit":500,"description":null,"ignored":1}"#)
        #expect(reply.status == .ok)
        #expect(reply.json["value"] == "The human's name is Ada Lovelace.")
        #expect(reply.json["tags"] == ["z"])
        #expect(reply.json["limit"] == 500)
        #expect(reply.json["description"] == .string(Block.defaultDescription(forLabel: "human")!))
        #expect(reply.json["last_updated_by_id"] == .string(Actor.defaultUserID))
        let seenByOther = harness.send(.get, "/v1/agents/\(other)/core-memory/blocks/human").json
        #expect(seenByOther == reply.json)
        #expect(harness.agentState(fixture.agentID)["memory"]?["blocks"]?.arrayValue?.first == reply.json)

        let renamed = harness.send(.patch, fixture.base + "/persona", #"{"label":"self"}"#)
        #expect(renamed.json["label"] == "self")
        #expect(harness.send(.get, fixture.base + "/self").status == .ok)
        let clash = harness.send(.patch, fixture.base + "/self", #"{"label":"human"}"#)
        #expect(clash.status == .conflict)
        #expect(harness.send(.get, fixture.base + "/self").status == .ok)

        #expect(harness.send(.patch, fixture.base + "/nolabel", #"{"value":"x"}"#).status == .notFound)
        let invalid = harness.send(.patch, fixture.base + "/human", #"{"value":5,"limit":"big","tags":"t"}"#)
        #expect(invalid.status == .unprocessableEntity)
        #expect(invalid.issueLocations == ["body.value", "body.limit", "body.tags"])
    }

    @Test func attachAndDetach_ShowOnBothSides() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        let block = try harness.makeBlock("notes", tags: ["n"])
        let before = harness.agentState(fixture.agentID)
        let attached = harness.send(.patch, "\(fixture.base)/attach/\(block.id)")
        #expect(attached.status == .ok)
        #expect(attached.json.keys == AgentsAPICreateTests.agentStateKeys)
        #expect(attached.json["blocks"]?.arrayValue?.compactMap { $0["label"]?.stringValue } == ["human", "persona", "notes"])
        #expect(attached.json["blocks"]?.arrayValue?.last?["tags"] == ["n"])
        #expect(attached.json["memory"]?["blocks"] == attached.json["blocks"])
        let touched = Timestamp(iso8601: attached.json["updated_at"]?.stringValue ?? "")!
        #expect(touched > Timestamp(iso8601: before["updated_at"]?.stringValue ?? "")!)
        #expect(harness.send(.get, "/v1/blocks/\(block.id)/agents").ids == [fixture.agentID])

        let again = harness.send(.patch, "\(fixture.base)/attach/\(block.id)")
        #expect(again.json["blocks"]?.arrayValue?.count == 3)

        let detached = harness.send(.patch, "\(fixture.base)/detach/\(block.id)")
        #expect(detached.status == .ok)
        #expect(detached.json["blocks"]?.arrayValue?.compactMap { $0["label"]?.stringValue } == ["human", "persona"])
        #expect(harness.send(.get, "/v1/blocks/\(block.id)/agents").array.isEmpty)
        #expect(try harness.store.block(id: block.id, organizationID: Actor.defaultOrganizationID) != nil)

        let notAttached = harness.send(.patch, "\(fixture.base)/detach/\(block.id)")
        #expect(notAttached.status == .notFound)
        #expect(notAttached.detail == "No block with id '\(block.id)' found for agent '\(fixture.agentID)'")
    }

    @Test func attach_AnswersErrors() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        let unknown = harness.send(.patch, "\(fixture.base)/attach/\(missingID(.block))")
        #expect(unknown.status == .notFound)
        #expect(unknown.detail == "Block not found: \(missingID(.block))")
        let duplicateLabel = try harness.makeBlock("human")
        let clash = harness.send(.patch, "\(fixture.base)/attach/\(duplicateLabel.id)")
        #expect(clash.status == .conflict)
        #expect(clash.detail?.hasPrefix("A unique constraint was violated for Agent.") == true)
        #expect(harness.agentState(fixture.agentID)["blocks"]?.arrayValue?.count == 2)
        let noAgent = harness.send(.patch, "/v1/agents/\(missingID(.agent))/core-memory/blocks/attach/\(duplicateLabel.id)")
        #expect(noAgent.detail == "Agent not found: \(missingID(.agent))")
        #expect(harness.send(.patch, "\(fixture.base)/attach/block-x").status == .unprocessableEntity)
        #expect(harness.send(.patch, "/v1/agents/\(missingID(.agent))/core-memory/blocks/detach/\(duplicateLabel.id)").status
            == .notFound)
    }

    @Test func deletingABlock_RemovesItFromMemory() throws {
        let fixture = try Fixture()
        #expect(try fixture.harness.store.deleteBlock(id: fixture.blockIDs[0], organizationID: Actor.defaultOrganizationID))
        let agent = fixture.harness.agentState(fixture.agentID)
        #expect(agent["blocks"]?.arrayValue?.compactMap { $0["label"]?.stringValue } == ["persona"])
        #expect(agent["memory"]?["blocks"] == agent["blocks"])
    }
}
