import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI modify and delete")
struct BlocksAPIModifyTests {
    static let otherUser = "user-22222222-2222-4222-8222-222222222222"

    @Test func modify_AppliesPresentFieldsAndKeepsTheRest() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"human","value":"standalone","description":"d","limit":1000,"metadata":{"m":1}}"#)
        let id = try #require(created["id"]?.stringValue)
        let reply = try harness.send(.patch, "/v1/blocks/\(id)", body: #"{"value":"standalone v2"}"#)
        #expect(reply.status == 200)
        #expect(reply.json == BlocksAPICreateTests.expectedBlock(id: id, overrides: [("value", "standalone v2")]))
        #expect(try harness.get("/v1/blocks/\(id)").json == reply.json)
    }

    @Test func modify_ChangesEveryField_WhenAllAreGiven() throws {
        let harness = try BlocksHarness()
        let id = try harness.createBlockID(#"{"label":"a","value":"v","tags":["old"]}"#)
        let reply = try harness.send(.patch, "/v1/blocks/\(id)", body: """
            {"label":"b","value":"w\\u0000x","limit":5,"project_id":"p","template_name":"tn","is_template":true,"template_id":"t",
             "base_template_id":"bt","deployment_id":"d","entity_id":"e","preserve_on_migration":true,"read_only":true,
             "description":"new","metadata":{"z":null},"hidden":true,"tags":["n1","n2","n1"],"unknown":1,"id":"ignored"}
            """)
        #expect(reply.status == 200)
        let expected: JSONObject = [
            "value": "wx", "limit": 5, "project_id": "p", "template_name": "tn", "is_template": true, "template_id": "t",
            "base_template_id": "bt", "deployment_id": "d", "entity_id": "e", "preserve_on_migration": true, "label": "b",
            "read_only": true, "description": "new", "metadata": ["z": nil], "hidden": true, "id": .string(id),
            "created_by_id": .string(Actor.defaultUserID), "last_updated_by_id": .string(Actor.defaultUserID),
        ]
        var answered = try #require(reply.json.objectValue)
        let tags = BlocksHarness.strings(answered["tags"])
        #expect(tags.sorted() == ["n1", "n2"])
        answered["tags"] = nil
        #expect(answered == expected)
        let stored = try #require(try harness.store.block(id: id, organizationID: harness.organizationID))
        #expect(stored.tags.sorted() == ["n1", "n2"])
        #expect(stored.value == "wx")
    }

    @Test func modify_IgnoresNulls_SoNoFieldIsCleared() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"notes","value":"v","description":"d","project_id":"p","tags":["t"],"hidden":true}"#)
        let id = try #require(created["id"]?.stringValue)
        let reply = try harness.send(
            .patch, "/v1/blocks/\(id)",
            body: #"{"label":null,"value":null,"description":null,"project_id":null,"tags":null,"hidden":null,"limit":null,"is_template":null}"#
        )
        #expect(reply.status == 200)
        #expect(reply.json == created)
    }

    @Test func modify_ReplacesTagSet_WithEmptyList() throws {
        let harness = try BlocksHarness()
        let id = try harness.createBlockID(#"{"label":"notes","tags":["a","b"]}"#)
        let reply = try harness.send(.patch, "/v1/blocks/\(id)", body: #"{"tags":[]}"#)
        #expect(reply.json["tags"] == [])
        #expect(try harness.get("/v1/blocks/?tags=a").ids == [])
    }

    @Test func modify_SetsLastUpdatedByToActor_WhenSomethingChanges() throws {
        let harness = try BlocksHarness()
        let block = try harness.store.createBlock(Block(
            organizationID: harness.organizationID, label: "notes", value: "v",
            createdByID: Self.otherUser, lastUpdatedByID: Self.otherUser
        ))
        let reply = try harness.send(.patch, "/v1/blocks/\(block.id)", body: #"{"value":"changed"}"#)
        #expect(reply.json["created_by_id"] == .string(Self.otherUser))
        #expect(reply.json["last_updated_by_id"] == .string(Actor.defaultUserID))
    }

    @Test func modify_DoesNotWrite_WhenNothingChanges() throws {
        let harness = try BlocksHarness()
        let block = try harness.store.createBlock(Block(
            organizationID: harness.organizationID, label: "notes", value: "same",
            createdByID: Self.otherUser, lastUpdatedByID: Self.otherUser
        ))
        for body in ["{}", #"{"value":"same","label":"notes"}"#] {
            let reply = try harness.send(.patch, "/v1/blocks/\(block.id)", body: body)
            #expect(reply.status == 200)
            #expect(reply.json["last_updated_by_id"] == .string(Self.otherUser))
            #expect(reply.json["value"] == "same")
        }
    }

    @Test func modify_Answers409AndKeepsLabel_WhenAnotherBlockOfTheSameAgentHasIt() throws {
        let harness = try BlocksHarness()
        let human = Block(organizationID: harness.organizationID, label: "human", value: "h")
        let persona = Block(organizationID: harness.organizationID, label: "persona", value: "p")
        let agent = try harness.storeAgent(name: "agent", newBlocks: [human, persona])
        let reply = try harness.send(.patch, "/v1/blocks/\(persona.id)", body: #"{"label":"human","value":"changed"}"#)
        #expect(reply.status == 409)
        #expect(reply.detail == .string(
            "A unique constraint was violated for Agent. Check your input for duplicates: "
                + "Agent '\(agent.id)' already has a block with label 'human'"
        ))
        let stored = try #require(try harness.store.block(id: persona.id, organizationID: harness.organizationID))
        #expect(stored.label == "persona")
        #expect(stored.value == "p")
    }

    @Test func modify_AllowsLabelOfABlockOnAnotherAgent() throws {
        let harness = try BlocksHarness()
        let human = Block(organizationID: harness.organizationID, label: "human", value: "h")
        let persona = Block(organizationID: harness.organizationID, label: "persona", value: "p")
        try harness.storeAgent(name: "one", newBlocks: [human])
        try harness.storeAgent(name: "two", newBlocks: [persona])
        let reply = try harness.send(.patch, "/v1/blocks/\(persona.id)", body: #"{"label":"human"}"#)
        #expect(reply.status == 200)
        #expect(reply.json["label"] == "human")
    }

    @Test func modify_Answers404_WhenBlockIsUnknown() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.patch, "/v1/blocks/block-00000000-0000-4000-8000-000000000000", body: #"{"value":"x"}"#)
        #expect(reply.status == 404)
        #expect(reply.json == ["detail": "Block not found: block-00000000-0000-4000-8000-000000000000"])
    }

    @Test func modify_Answers422_WhenFieldsHaveWrongTypes() throws {
        let harness = try BlocksHarness()
        let id = try harness.createBlockID(#"{"label":"notes","value":"v"}"#)
        let reply = try harness.send(.patch, "/v1/blocks/\(id)", body: #"{"value":1,"tags":"a","read_only":"perhaps"}"#)
        #expect(reply.status == 422)
        #expect(reply.issueTypes == ["string_type", "list_type", "bool_parsing"])
        #expect(try harness.get("/v1/blocks/\(id)").json["value"] == "v")
    }

    @Test func modify_Answers422_WhenBlockIDIsMalformedOrBodyMissing() throws {
        let harness = try BlocksHarness()
        #expect(try harness.send(.patch, "/v1/blocks/block-1", body: "{}").issueLocations == [["path", "block_id"]])
        let id = try harness.createBlockID(#"{"label":"notes"}"#)
        #expect(try harness.send(.patch, "/v1/blocks/\(id)").issueTypes == ["missing"])
    }

    // MARK: Delete

    @Test func delete_AnswersNullAndThen404() throws {
        let harness = try BlocksHarness()
        let id = try harness.createBlockID(#"{"label":"notes"}"#)
        let reply = try harness.send(.delete, "/v1/blocks/\(id)")
        #expect(reply.status == 200)
        #expect(reply.json == .null)
        #expect(reply.response.body == Array("null".utf8))
        #expect(try harness.get("/v1/blocks/\(id)").json == ["detail": .string("Block not found: \(id)")])
        let again = try harness.send(.delete, "/v1/blocks/\(id)")
        #expect(again.status == 404)
        #expect(again.json == ["detail": .string("Block not found: \(id)")])
    }

    @Test func delete_RemovesLinksToAgentsAndIdentitiesAndTags_ButKeepsThem() throws {
        let harness = try BlocksHarness()
        let id = try harness.createBlockID(#"{"label":"notes","tags":["only-here"]}"#)
        let kept = try harness.createBlockID(#"{"label":"other","tags":["kept"]}"#)
        let agent = try harness.storeAgent(name: "agent", blockIDs: [id, kept])
        let identity = try harness.storeIdentity(key: "user_1", blockIDs: [id, kept])
        #expect(try harness.get("/v1/tags/").strings == ["kept", "only-here"])

        #expect(try harness.send(.delete, "/v1/blocks/\(id)").status == 200)

        let storedAgent = try #require(try harness.store.agent(id: agent.id, organizationID: harness.organizationID))
        #expect(storedAgent.blockIDs == [kept])
        #expect(storedAgent.blocks.map(\.id) == [kept])
        let storedIdentity = try #require(try harness.store.identity(id: identity.id, organizationID: harness.organizationID))
        #expect(storedIdentity.blockIDs == [kept])
        #expect(try harness.get("/v1/tags/").strings == ["kept"])
        #expect(try harness.get("/v1/blocks/?identity_id=\(identity.id)").ids == [kept])
    }

    @Test func delete_Answers422_WhenBlockIDIsMalformed() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.delete, "/v1/blocks/identity-00000000-0000-4000-8000-000000000000")
        #expect(reply.status == 422)
        #expect(reply.json["examples"] == ["block-123e4567-e89b-42d3-8456-426614174000"])
    }
}
