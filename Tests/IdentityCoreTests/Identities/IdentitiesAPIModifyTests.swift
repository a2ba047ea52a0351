import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// `PATCH /v1/identities/{identity_id}` (docs/reference/letta-api.md §3.6) and `DELETE` (§3.8).
@Suite struct IdentitiesAPIModifyTests {
    let api: IdentitiesHarness
    let id: String

    static let initialProperties: JSONValue = [
        ["key": "a", "value": "1", "type": "string"],
        ["key": "b", "value": 2, "type": "number"],
    ]

    init() throws {
        api = try IdentitiesHarness()
        id = api.createIdentity("w", name: "Writer", extra: [("properties", Self.initialProperties)])
    }

    func patch(_ body: JSONValue) -> APIResponse { api.send(.patch, "/v1/identities/\(id)", json: body) }

    @Test func patch_OverwritesName_AndKeepsTheRest() {
        let response = patch(["name": "Writer renamed"])
        #expect(response.status == 200)
        #expect(response.json == Expect.identity(
            id: id, key: "w", name: "Writer renamed", type: "user", properties: Self.initialProperties.arrayValue ?? []
        ))
    }

    @Test func patch_OverwritesTypeAndKey() {
        let response = patch(["identity_type": "org", "identifier_key": "w2"])
        #expect(response.json["identity_type"] == "org")
        #expect(response.json["identifier_key"] == "w2")
        #expect(api.send(.get, "/v1/identities/?identifier_key=w2").ids == [id])
    }

    @Test func patch_MergesPropertiesByKey_InPlaceThenAppended() {
        let response = patch(["properties": [
            ["key": "c", "value": true, "type": "boolean"],
            ["key": "b", "value": 3, "type": "number"],
        ]])
        #expect(response.json["properties"] == [
            Expect.property("a", "1", "string"), Expect.property("b", 3, "number"), Expect.property("c", true, "boolean"),
        ])
    }

    @Test func patch_EmptyPropertiesChangeNothing() {
        #expect(patch(["properties": []]).json["properties"] == Self.initialProperties)
    }

    @Test func patch_MergeCollapsesRepeatedKeys_LikeTheReference() {
        let dup = api.createIdentity("dup", extra: [("properties", [
            ["key": "k", "value": "first", "type": "string"], ["key": "x", "value": 1, "type": "number"],
            ["key": "k", "value": "second", "type": "string"],
        ])])
        let response = api.send(.patch, "/v1/identities/\(dup)", json: ["properties": [
            ["key": "n", "value": 1, "type": "number"], ["key": "n", "value": 2, "type": "number"],
        ]])
        #expect(response.json["properties"] == [
            Expect.property("k", "second", "string"), Expect.property("x", 1, "number"), Expect.property("n", 2, "number"),
        ])
    }

    @Test func patch_NullsAndEmptyBodyChangeNothing() {
        let before = api.send(.get, "/v1/identities/\(id)").json
        #expect(patch([:]).json == before)
        let nulls = patch([
            "identifier_key": nil, "name": nil, "identity_type": nil, "agent_ids": nil, "block_ids": nil, "properties": nil,
        ])
        #expect(nulls.status == 200)
        #expect(nulls.json == before)
    }

    @Test func patch_AddsLinks_NeverRemoves() throws {
        let first = try api.makeAgent("first")
        let second = try api.makeAgent("second")
        let block = try api.makeBlock()
        #expect(patch(["agent_ids": [.string(first)]]).json["agent_ids"] == [.string(first)])
        #expect(patch(["agent_ids": [.string(first)]]).json["agent_ids"] == [.string(first)])
        let added = patch(["agent_ids": [.string(second), .string(first)], "block_ids": [.string(block)]])
        #expect(added.json["agent_ids"] == [.string(first), .string(second)])
        #expect(added.json["block_ids"] == [.string(block)])
        let empty = patch(["agent_ids": [], "block_ids": []])
        #expect(empty.json["agent_ids"] == [.string(first), .string(second)])
        #expect(empty.json["block_ids"] == [.string(block)])
        let agent = try #require(try api.store.agent(id: second, organizationID: IdentitiesHarness.organizationID))
        #expect(agent.identityIDs == [id])
    }

    @Test func patch_Returns404NamingUnknownLinks_AndChangesNothing() throws {
        let agent = try api.makeAgent()
        let response = patch(["name": "changed", "agent_ids": [.string(agent), .string(Unknown.agent)]])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Agent not found: \(Unknown.agent)"))
        let stored = api.send(.get, "/v1/identities/\(id)").json
        #expect(stored["name"] == "Writer")
        #expect(stored["agent_ids"] == [])
        #expect(patch(["block_ids": [.string(Unknown.block)]]).json == Expect.detail("Block not found: \(Unknown.block)"))
    }

    @Test func patch_Returns409_WhenNewKeyIsTaken() {
        api.createIdentity("user_1")
        let response = patch(["identifier_key": "user_1"])
        #expect(response.status == 409)
        #expect(response.json == Expect.detail(
            "A unique constraint was violated for Identity. Check your input for duplicates: "
                + "An identity with identifier_key='user_1', project_id='None' already exists"
        ))
        #expect(api.send(.get, "/v1/identities/\(id)").json["identifier_key"] == "w")
    }

    @Test func patch_AllowsKeyTakenOnlyInAnotherProject() {
        api.createIdentity("shared", projectID: "p")
        #expect(patch(["identifier_key": "shared"]).status == 200)
    }

    @Test func patch_Returns422ExtraForbidden_ForProjectID() {
        let response = patch(["project_id": "p2"])
        #expect(response.json == Expect.validation(
            Expect.issue("extra_forbidden", ["body", "project_id"], "Extra inputs are not permitted", input: "p2")
        ))
    }

    @Test func patch_Returns422_ForBadFieldValues() {
        let response = patch(["identity_type": "robot", "name": 5, "agent_ids": ["bad"], "properties": [["key": "x", "value": "y", "type": "number"]]])
        #expect(response.json == Expect.validation(
            Expect.issue("string_type", ["body", "name"], "Input should be a valid string", input: 5),
            Expect.issue("enum", ["body", "identity_type"], Expect.identityTypeEnumMessage, input: "robot",
                         context: Expect.identityTypeEnumContext),
            Expect.issue("string_too_short", ["body", "agent_ids", 0], "String should have at least 42 characters",
                         input: "bad", context: ["min_length": 42]),
            Expect.issue("property_type_mismatch", ["body", "properties", 0, "value"],
                         "Property 'x' is declared as 'number' but its value is a string; expected a number",
                         input: "y", context: ["key": "x", "type": "number"])
        ))
    }

    @Test func patch_Returns404_WhenIdentityIsUnknown() {
        let response = api.send(.patch, "/v1/identities/\(Unknown.identity)", json: ["name": "x"])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Identity not found: \(Unknown.identity)"))
    }

    @Test func patch_Returns422_WhenPathIDIsMalformed_OrBodyIsMissing() {
        #expect(api.send(.patch, "/v1/identities/nope", json: ["name": "x"]).json == Expect.malformedPathID("nope"))
        let missing = api.send(.patch, "/v1/identities/\(id)")
        #expect(missing.json == Expect.validation(Expect.issue("missing", ["body"], "Field required", input: nil)))
    }

    @Test func patch_Returns400_WhenUserIDHeaderIsMalformed() {
        let response = api.send(.patch, "/v1/identities/\(id)", json: ["name": "x"], headers: [("user_id", "nobody")])
        #expect(response.status == 400)
        #expect(api.send(.get, "/v1/identities/\(id)").json["name"] == "Writer")
    }

    // MARK: Delete

    @Test func delete_ReturnsNull_ThenIdentityIsGone() {
        let response = api.send(.delete, "/v1/identities/\(id)")
        #expect(response.status == 200)
        #expect(response.text == "null")
        #expect(api.send(.get, "/v1/identities/\(id)").json == Expect.detail("Identity not found: \(id)"))
        let again = api.send(.delete, "/v1/identities/\(id)")
        #expect(again.status == 404)
        #expect(again.json == Expect.detail("Identity not found: \(id)"))
        #expect(api.send(.get, "/v1/identities/count").json == 0)
    }

    @Test func delete_RemovesLinks_ButKeepsAgentsAndBlocks() throws {
        let agent = try api.makeAgent()
        let block = try api.makeBlock()
        #expect(patch(["agent_ids": [.string(agent)], "block_ids": [.string(block)]]).status == 200)
        #expect(api.send(.delete, "/v1/identities/\(id)").status == 200)
        let stored = try #require(try api.store.agent(id: agent, organizationID: IdentitiesHarness.organizationID))
        #expect(stored.identityIDs == [])
        #expect(try api.store.block(id: block, organizationID: IdentitiesHarness.organizationID) != nil)
    }

    @Test func delete_FreesTheKeyForReuse() {
        #expect(api.send(.delete, "/v1/identities/\(id)").status == 200)
        let reborn = api.send(.post, "/v1/identities/", json: ["identifier_key": "w", "name": "Reborn", "identity_type": "user"])
        #expect(reborn.status == 200)
        #expect(reborn.json["id"] != .string(id))
    }

    @Test func delete_Returns422_WhenPathIDIsMalformed() {
        let response = api.send(.delete, "/v1/identities/nope")
        #expect(response.status == 422)
        #expect(response.json == Expect.malformedPathID("nope"))
    }
}
