import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI create and retrieve")
struct BlocksAPICreateTests {
    static let humanDefault: JSONValue = .string(
        "The human block: Stores key details about the person you are conversing with, allowing for more personalized and friend-like conversation."
    )
    static let personaDefault: JSONValue = .string(
        "The persona block: Stores details about your current persona, guiding how you behave and respond. This helps you to maintain consistency and personality in your interactions."
    )

    /// The BlockResponse Letta's oracle recorded for the same request, with our author ids.
    static func expectedBlock(id: String, overrides: [(String, JSONValue)] = []) -> JSONValue {
        var object: JSONObject = [
            "value": "standalone", "limit": 1000, "project_id": nil, "template_name": nil, "is_template": false,
            "template_id": nil, "base_template_id": nil, "deployment_id": nil, "entity_id": nil,
            "preserve_on_migration": false, "label": "human", "read_only": false, "description": "d",
            "metadata": ["m": 1], "hidden": nil, "id": .string(id),
            "created_by_id": .string(Actor.defaultUserID), "last_updated_by_id": .string(Actor.defaultUserID), "tags": [],
        ]
        for (key, value) in overrides { object[key] = value }
        return .object(object)
    }

    @Test func create_ReturnsEveryFieldInLettaOrder_WhenGivenTheOracleRequest() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(
            .post, "/v1/blocks/",
            body: #"{"label":"human","value":"standalone","description":"d","limit":1000,"metadata":{"m":1}}"#
        )
        #expect(reply.status == 200)
        let id = try #require(reply.json["id"]?.stringValue)
        #expect(ObjectID.isValid(id, kind: .block))
        #expect(reply.json == Self.expectedBlock(id: id))
        #expect(reply.json.objectValue?.keys == Self.expectedBlock(id: id).objectValue?.keys)
    }

    @Test func retrieve_ReturnsWhatCreateReturned() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"human","value":"standalone","description":"d","limit":1000,"metadata":{"m":1},"tags":["a","b"]}"#)
        let id = try #require(created["id"]?.stringValue)
        let reply = try harness.get("/v1/blocks/\(id)")
        #expect(reply.status == 200)
        #expect(reply.json == created)
        #expect(reply.json["tags"] == ["a", "b"])
    }

    @Test func create_AppliesDefaults_WhenOnlyLabelIsGiven() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"notes"}"#)
        let id = try #require(created["id"]?.stringValue)
        #expect(created == Self.expectedBlock(id: id, overrides: [
            ("value", ""), ("limit", 100_000), ("label", "notes"), ("description", nil), ("metadata", [:]),
        ]))
    }

    @Test func create_StoresValueAsEmpty_WhenValueIsNull() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"notes","value":null,"metadata":null,"tags":null}"#)
        #expect(created["value"] == "")
        #expect(created["metadata"] == [:])
        #expect(created["tags"] == [])
    }

    @Test(arguments: [
        ("human", BlocksAPICreateTests.humanDefault), ("persona", BlocksAPICreateTests.personaDefault),
        ("system/human", BlocksAPICreateTests.humanDefault), ("system/persona", BlocksAPICreateTests.personaDefault),
    ])
    func create_StoresDefaultDescription_WhenCoreLabelHasNone(label: String, expected: JSONValue) throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"\#(label)","value":"x"}"#)
        #expect(created["description"] == expected)
        let id = try #require(created["id"]?.stringValue)
        #expect(try harness.get("/v1/blocks/\(id)").json["description"] == expected)
    }

    @Test func create_KeepsGivenDescription_WhenCoreLabelHasOne() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"persona","value":"x","description":"mine"}"#)
        #expect(created["description"] == "mine")
    }

    @Test func create_StripsNULCharacters_FromValue() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"notes","value":"a\u0000b\u0000c\u0000"}"#)
        #expect(created["value"] == "abc")
        let id = try #require(created["id"]?.stringValue)
        #expect(try harness.get("/v1/blocks/\(id)").json["value"] == "abc")
    }

    @Test func create_IgnoresUnknownKeysAndClientID() throws {
        let harness = try BlocksHarness()
        let clientID = "block-00000000-0000-4000-8000-000000000000"
        let created = try harness.createBlock(#"{"label":"notes","value":"x","id":"\#(clientID)","colour":"red"}"#)
        let id = try #require(created["id"]?.stringValue)
        #expect(id != clientID)
        #expect(created["colour"] == nil)
        #expect(try harness.get("/v1/blocks/\(clientID)").status == 404)
    }

    @Test func create_StoresEachTagOnce_WhenTagsRepeat() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"notes","tags":["b","a","b","a"]}"#)
        #expect(created["tags"]?.arrayValue?.count == 2)
        let id = try #require(created["id"]?.stringValue)
        let stored = try #require(try harness.store.block(id: id, organizationID: harness.organizationID))
        #expect(stored.tags.sorted() == ["a", "b"])
    }

    @Test func create_KeepsEveryOptionalField_WhenAllAreGiven() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock("""
            {"label":"l","value":"v","limit":7,"project_id":"p","template_name":"t n","is_template":true,"template_id":"ti",
             "base_template_id":"bt","deployment_id":"d","entity_id":"e","preserve_on_migration":null,"read_only":true,
             "description":"desc","metadata":{"k":[1,2]},"hidden":true,"tags":["x"]}
            """)
        let id = try #require(created["id"]?.stringValue)
        let expected: JSONObject = [
            "value": "v", "limit": 7, "project_id": "p", "template_name": "t n", "is_template": true, "template_id": "ti",
            "base_template_id": "bt", "deployment_id": "d", "entity_id": "e", "preserve_on_migration": nil, "label": "l",
            "read_only": true, "description": "desc", "metadata": ["k": [1, 2]], "hidden": true, "id": .string(id),
            "created_by_id": .string(Actor.defaultUserID), "last_updated_by_id": .string(Actor.defaultUserID), "tags": ["x"],
        ]
        #expect(created == .object(expected))
        #expect(try harness.get("/v1/blocks/\(id)").json == .object(expected))
    }

    @Test func create_AcceptsValueLongerThanLimit() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"human","value":"xxxxxxxxxxxxxxxxxxxx","limit":10}"#)
        #expect(created["value"] == "xxxxxxxxxxxxxxxxxxxx")
        #expect(created["limit"] == 10)
    }

    // MARK: Errors

    @Test func create_Answers422Missing_WhenLabelIsAbsent() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.post, "/v1/blocks/", body: #"{"value":"x"}"#)
        #expect(reply.status == 422)
        #expect(reply.json == [
            "trace_id": "",
            "detail": [["type": "missing", "loc": ["body", "label"], "msg": "Field required", "input": ["value": "x"]]],
        ])
    }

    @Test func create_ReportsEveryIssueTogether_WhenSeveralFieldsAreWrong() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(
            .post, "/v1/blocks/",
            body: #"{"label":null,"value":5,"limit":"many","metadata":[1],"tags":["a",2],"is_template":null,"hidden":"maybe"}"#
        )
        #expect(reply.status == 422)
        let expected: [JSONValue] = [
            ["body", "label"], ["body", "value"], ["body", "limit"], ["body", "metadata"], ["body", "tags", 1],
            ["body", "is_template"], ["body", "hidden"],
        ]
        #expect(Set(reply.issueLocations.map(\.description)) == Set(expected.map(\.description)))
        #expect(reply.issueTypes.count == 7)
        #expect(Set(reply.issueTypes) == ["string_type", "int_parsing", "dict_type", "bool_type", "bool_parsing"])
        #expect(try harness.get("/v1/blocks/count").json == 0)
    }

    @Test func create_Answers422JSONInvalid_WhenBodyIsMalformed() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.post, "/v1/blocks/", body: #"{"label": "#)
        #expect(reply.status == 422)
        #expect(reply.issueTypes == ["json_invalid"])
    }

    @Test func create_Answers422_WhenBodyIsMissingOrNotAnObject() throws {
        let harness = try BlocksHarness()
        #expect(try harness.send(.post, "/v1/blocks/").issueTypes == ["missing"])
        #expect(try harness.send(.post, "/v1/blocks/", body: "[1]").issueTypes == ["model_attributes_type"])
    }

    @Test func create_Answers400_WhenUserIDHeaderIsMalformed() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.post, "/v1/blocks/", body: #"{"label":"x"}"#, headers: ["user_id": "bob"])
        #expect(reply.status == 400)
        #expect(reply.detail == "INVALID_ARGUMENT: Invalid user ID format: bob. Expected format: 'user-<uuid4>'")
    }

    @Test func retrieve_Answers404_WhenBlockIsUnknown() throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/block-00000000-0000-4000-8000-000000000000")
        #expect(reply.status == 404)
        #expect(reply.json == ["detail": "Block not found: block-00000000-0000-4000-8000-000000000000"])
    }

    @Test func retrieve_Answers404_WhenBlockBelongsToAnotherOrganization() throws {
        let harness = try BlocksHarness()
        let other = "org-11111111-1111-4111-8111-111111111111"
        try harness.store.ensureOrganization(id: other, name: "other")
        let block = try harness.storeBlock(createdAt: 1, organizationID: other)
        #expect(try harness.get("/v1/blocks/\(block.id)").status == 404)
        #expect(try harness.send(.delete, "/v1/blocks/\(block.id)").status == 404)
        #expect(try harness.store.block(id: block.id, organizationID: other) != nil)
    }

    @Test(arguments: ["abc", "block-123e4567-e89b-12d3-a456-426614174000", "BLOCK-00000000-0000-4000-8000-000000000000"])
    func retrieve_Answers422WithExamples_WhenBlockIDIsMalformed(id: String) throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/\(id)")
        #expect(reply.status == 422)
        #expect(reply.json == [
            "trace_id": "",
            "detail": [[
                "type": "string_pattern_mismatch", "loc": ["path", "block_id"], "msg": "String should match pattern 'block-{uuid4}'",
                "input": .string(id), "ctx": ["pattern": .string(ObjectKind.block.idPattern)],
            ]],
            "examples": ["block-123e4567-e89b-42d3-8456-426614174000"],
        ])
    }

    @Test func countPath_IsNotTakenForABlockID_ExceptByGET() throws {
        let harness = try BlocksHarness()
        #expect(try harness.get("/v1/blocks/count").json == 0)
        let reply = try harness.send(.patch, "/v1/blocks/count", body: "{}")
        #expect(reply.status == 422)
        #expect(reply.issueLocations == [["path", "block_id"]])
    }
}
