import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// `PUT /v1/identities/` (docs/reference/letta-api.md §3.5, docs/reference/decisions.md #1).
@Suite struct IdentitiesAPIUpsertTests {
    let api: IdentitiesHarness

    init() throws { api = try IdentitiesHarness() }

    func upsert(_ body: JSONValue) -> APIResponse { api.send(.put, "/v1/identities/", json: body) }

    @Test func upsert_CreatesIdentity_WhenKeyIsNew() throws {
        let agent = try api.makeAgent()
        let block = try api.makeBlock()
        let response = upsert([
            "identifier_key": "ups", "name": "Upserted", "identity_type": "user",
            "properties": [["key": "a", "value": "x", "type": "string"]],
            "agent_ids": [.string(agent)], "block_ids": [.string(block)],
        ])
        #expect(response.status == 200)
        let id = try #require(response.json["id"]?.stringValue)
        #expect(response.json == Expect.identity(
            id: id, key: "ups", name: "Upserted", type: "user", agentIDs: [agent], blockIDs: [block],
            properties: [Expect.property("a", "x", "string")]
        ))
        #expect(api.send(.get, "/v1/identities/\(id)").json == response.json)
    }

    @Test func upsert_UpdatesSameIdentity_ReplacingNameTypeAndProperties() throws {
        let id = api.createIdentity("ups", name: "Original", extra: [("properties", [
            ["key": "a", "value": "x", "type": "string"], ["key": "keep", "value": 1, "type": "number"],
        ])])
        let response = upsert([
            "identifier_key": "ups", "name": "Upserted again", "identity_type": "org",
            "properties": [["key": "z", "value": 1, "type": "number"]],
        ])
        #expect(response.json == Expect.identity(
            id: id, key: "ups", name: "Upserted again", type: "org", properties: [Expect.property("z", 1, "number")]
        ))
        #expect(api.send(.get, "/v1/identities/count").json == 1)
    }

    @Test func upsert_KeepsProperties_WhenAbsentOrNull() {
        let id = api.createIdentity("ups", extra: [("properties", [["key": "z", "value": 1, "type": "number"]])])
        let absent = upsert(["identifier_key": "ups", "name": "Thrice", "identity_type": "org"])
        #expect(absent.json["id"] == .string(id))
        #expect(absent.json["properties"] == [Expect.property("z", 1, "number")])
        let null = upsert(["identifier_key": "ups", "name": "Four", "identity_type": "org", "properties": nil])
        #expect(null.json["properties"] == [Expect.property("z", 1, "number")])
        let cleared = upsert(["identifier_key": "ups", "name": "Five", "identity_type": "org", "properties": []])
        #expect(cleared.json["properties"] == [])
    }

    @Test func upsert_ReplacesAgentLinks_AndIgnoresBlockIDs() throws {
        let first = try api.makeAgent("first")
        let second = try api.makeAgent("second")
        let block = try api.makeBlock()
        let id = api.createIdentity("ups", extra: [("agent_ids", [.string(first)]), ("block_ids", [.string(block)])])
        let replaced = upsert(["identifier_key": "ups", "name": "n", "identity_type": "user", "agent_ids": [.string(second)]])
        #expect(replaced.json["id"] == .string(id))
        #expect(replaced.json["agent_ids"] == [.string(second)])
        #expect(replaced.json["block_ids"] == [.string(block)])
        let kept = upsert(["identifier_key": "ups", "name": "n", "identity_type": "user"])
        #expect(kept.json["agent_ids"] == [.string(second)])
        let blocksIgnored = upsert(["identifier_key": "ups", "name": "n", "identity_type": "user", "block_ids": []])
        #expect(blocksIgnored.json["block_ids"] == [.string(block)])
        let cleared = upsert(["identifier_key": "ups", "name": "n", "identity_type": "user", "agent_ids": []])
        #expect(cleared.json["agent_ids"] == [])
        let agent = try #require(try api.store.agent(id: first, organizationID: IdentitiesHarness.organizationID))
        #expect(agent.identityIDs == [])
    }

    @Test func upsert_DoesNotCheckBlockIDs_OnTheUpdatePath() {
        let id = api.createIdentity("ups")
        let response = upsert(["identifier_key": "ups", "name": "n", "identity_type": "user", "block_ids": [.string(Unknown.block)]])
        #expect(response.status == 200)
        #expect(response.json["id"] == .string(id))
        #expect(response.json["block_ids"] == [])
    }

    @Test func upsert_MatchesOnProject_NullMatchingOnlyNull() {
        let plain = api.createIdentity("user_1")
        let alpha = api.createIdentity("user_1", projectID: "alpha")
        #expect(upsert(["identifier_key": "user_1", "name": "A", "identity_type": "user", "project_id": "alpha"]).json["id"] == .string(alpha))
        #expect(upsert(["identifier_key": "user_1", "name": "P", "identity_type": "user"]).json["id"] == .string(plain))
        let beta = upsert(["identifier_key": "user_1", "name": "B", "identity_type": "user", "project_id": "beta"])
        #expect(beta.status == 200)
        #expect(beta.json["project_id"] == "beta")
        #expect(![plain, alpha].contains(beta.json["id"]?.stringValue ?? plain))
        #expect(api.send(.get, "/v1/identities/count").json == 3)
    }

    @Test func upsert_Returns404NamingUnknownAgents_OnBothPaths() {
        let create = upsert(["identifier_key": "new", "name": "n", "identity_type": "user", "agent_ids": [.string(Unknown.agent)]])
        #expect(create.status == 404)
        #expect(create.json == Expect.detail("Agent not found: \(Unknown.agent)"))
        #expect(api.send(.get, "/v1/identities/count").json == 0)
        api.createIdentity("old", name: "Before")
        let update = upsert(["identifier_key": "old", "name": "After", "identity_type": "user", "agent_ids": [.string(Unknown.agent)]])
        #expect(update.status == 404)
        #expect(api.send(.get, "/v1/identities/?identifier_key=old").json.arrayValue?.first?["name"] == "Before")
    }

    @Test func upsert_Returns422_LikeCreate() {
        #expect(upsert(["identifier_key": "ups", "name": "x", "identity_type": "robot"]).json == Expect.validation(
            Expect.issue("enum", ["body", "identity_type"], Expect.identityTypeEnumMessage, input: "robot",
                         context: Expect.identityTypeEnumContext)
        ))
        #expect(upsert([:]).json == Expect.validation(
            Expect.issue("missing", ["body", "identifier_key"], "Field required", input: [:]),
            Expect.issue("missing", ["body", "name"], "Field required", input: [:]),
            Expect.issue("missing", ["body", "identity_type"], "Field required", input: [:])
        ))
        let mismatch = upsert(["identifier_key": "u", "name": "x", "identity_type": "user", "properties": [["key": "p", "value": [:], "type": "string"]]])
        #expect(mismatch.status == 422)
        #expect(mismatch.json["detail"]?.arrayValue?.first?["loc"] == ["body", "properties", 0, "value"])
    }

    @Test func upsert_Returns400_WhenUserIDHeaderIsMalformed() {
        let response = api.send(.put, "/v1/identities/", json: ["identifier_key": "u", "name": "x", "identity_type": "user"],
                                headers: [("user_id", "user-zzz")])
        #expect(response.status == 400)
    }
}
