import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct IdentitiesAPICreateTests {
    let api: IdentitiesHarness

    init() throws { api = try IdentitiesHarness() }

    @Test func create_ReturnsIdentityWithEveryField_WhenMinimal() throws {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "min", "name": "Minimal", "identity_type": "user"])
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        let id = try #require(response.json["id"]?.stringValue)
        #expect(ObjectID.isValid(id, kind: .identity))
        #expect(response.json == Expect.identity(id: id, key: "min", name: "Minimal", type: "user"))
    }

    @Test func create_GivesEveryIdentityAFreshVersion4ID() {
        var ids = Set<String>()
        for index in 0..<200 {
            let response = api.send(.post, "/v1/identities/", json: ["identifier_key": .string("k\(index)"), "name": "n", "identity_type": "user"])
            let id = response.json["id"]?.stringValue ?? ""
            #expect(ObjectID.isValid(id, kind: .identity), "\(id)")
            ids.insert(id)
        }
        #expect(ids.count == 200)
    }

    @Test(arguments: ["org", "user", "other"])
    func create_AcceptsEachIdentityType(type: String) {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "n", "identity_type": .string(type)])
        #expect(response.status == 200)
        #expect(response.json["identity_type"] == .string(type))
    }

    @Test func create_KeepsPropertiesOfEveryTypeInOrder() {
        let properties: JSONValue = [
            ["key": "email", "value": "ada@example.com", "type": "string"],
            ["key": "age", "value": 36, "type": "number"],
            ["key": "score", "value": 3.75, "type": "number"],
            ["key": "whole", "value": 28.0, "type": "number"],
            ["key": "vip", "value": true, "type": "boolean"],
            ["key": "prefs", "value": ["theme": "dark", "langs": ["en", "fr"], "n": ["x": 1]], "type": "json"],
        ]
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "props", "name": "Ada", "identity_type": "user", "properties": properties,
        ])
        #expect(response.status == 200)
        #expect(response.json["properties"] == properties)
        #expect(response.text.contains(#""value":28.0,"#))
        #expect(response.text.contains(#""value":36,"#))
    }

    @Test func create_KeepsDuplicatePropertyKeys() {
        let properties: JSONValue = [["key": "k", "value": "a", "type": "string"], ["key": "k", "value": "b", "type": "string"]]
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "dup", "name": "x", "identity_type": "user", "properties": properties,
        ])
        #expect(response.json["properties"] == properties)
    }

    @Test func create_StoresProjectID_AndAllowsSameKeyInAnotherProject() {
        let first = api.send(.post, "/v1/identities/", json: ["identifier_key": "user_1", "name": "One", "identity_type": "user"])
        let second = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "user_1", "name": "One (alpha)", "identity_type": "user", "project_id": "project-alpha",
        ])
        #expect(first.status == 200)
        #expect(second.status == 200)
        #expect(second.json["project_id"] == "project-alpha")
    }

    @Test func create_Returns409_WhenKeyExistsWithoutProject() {
        api.createIdentity("user_1")
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "user_1", "name": "Dup", "identity_type": "org"])
        #expect(response.status == 409)
        #expect(response.json == Expect.detail(
            "A unique constraint was violated for Identity. Check your input for duplicates: "
                + "An identity with identifier_key='user_1', project_id='None' already exists"
        ))
    }

    @Test func create_Returns409_WhenKeyExistsInSameProject() {
        api.createIdentity("k", projectID: "p")
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": "user", "project_id": "p"])
        #expect(response.status == 409)
        #expect(response.detail?.hasSuffix("An identity with identifier_key='k', project_id='p' already exists") == true)
    }

    @Test func create_AcceptsEmptyKeyAndName() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "", "name": "", "identity_type": "user"])
        #expect(response.status == 200)
        #expect(response.json["identifier_key"] == "")
        #expect(response.json["name"] == "")
    }

    @Test func create_LinksAgentsAndBlocks_AndReportsTheRealIDs() throws {
        let agent = try api.makeAgent()
        let block = try api.makeBlock()
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "linked", "name": "Linked", "identity_type": "user",
            "agent_ids": [.string(agent)], "block_ids": [.string(block)],
        ])
        #expect(response.status == 200)
        let id = try #require(response.json["id"]?.stringValue)
        #expect(response.json == Expect.identity(id: id, key: "linked", name: "Linked", type: "user", agentIDs: [agent], blockIDs: [block]))
        let stored = try #require(try api.store.agent(id: agent, organizationID: IdentitiesHarness.organizationID))
        #expect(stored.identityIDs == [id])
    }

    @Test func create_Returns404NamingUnknownAgent_AndCreatesNothing() {
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "badagent", "name": "x", "identity_type": "user", "agent_ids": [.string(Unknown.agent)],
        ])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Agent not found: \(Unknown.agent)"))
        #expect(api.send(.get, "/v1/identities/count").json == 0)
    }

    @Test func create_Returns404NamingEveryUnknownAgent_OnceInRequestOrder() throws {
        let known = try api.makeAgent()
        let other = "agent-11111111-1111-4111-8111-111111111111"
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "k", "name": "x", "identity_type": "user",
            "agent_ids": [.string(other), .string(known), .string(Unknown.agent), .string(other)],
        ])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Agents not found: \(other), \(Unknown.agent)"))
    }

    @Test func create_LinksRepeatedIDOnce() throws {
        let agent = try api.makeAgent()
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "k", "name": "x", "identity_type": "user", "agent_ids": [.string(agent), .string(agent)],
        ])
        #expect(response.status == 200)
        #expect(response.json["agent_ids"] == [.string(agent)])
    }

    @Test func create_Returns404NamingUnknownBlock() {
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "badblock", "name": "x", "identity_type": "user", "block_ids": [.string(Unknown.block)],
        ])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Block not found: \(Unknown.block)"))
    }

    @Test func create_Returns422PerElement_WhenLinkIDsAreMalformed() {
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "k", "name": "x", "identity_type": "user",
            "agent_ids": ["not-an-agent-id", "agent-00000000-0000-1000-8000-000000000000"], "block_ids": "block",
        ])
        #expect(response.status == 422)
        #expect(response.json == Expect.validation(
            Expect.issue("string_too_short", ["body", "agent_ids", 0], "String should have at least 42 characters",
                         input: "not-an-agent-id", context: ["min_length": 42]),
            Expect.issue("string_pattern_mismatch", ["body", "agent_ids", 1],
                         "String should match pattern '\(ObjectKind.agent.idPattern)'",
                         input: "agent-00000000-0000-1000-8000-000000000000", context: ["pattern": .string(ObjectKind.agent.idPattern)]),
            Expect.issue("list_type", ["body", "block_ids"], "Input should be a valid list", input: "block")
        ))
    }

    @Test(arguments: ["robot", "USER"])
    func create_Returns422_WhenIdentityTypeIsUnknown(type: String) {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": .string(type)])
        #expect(response.status == 422)
        #expect(response.json == Expect.validation(
            Expect.issue("enum", ["body", "identity_type"], Expect.identityTypeEnumMessage, input: .string(type),
                         context: Expect.identityTypeEnumContext)
        ))
    }

    @Test func create_Returns422ListingEveryMissingField_WhenBodyIsEmptyObject() {
        let response = api.send(.post, "/v1/identities/", body: "{}")
        #expect(response.json == Expect.validation(
            Expect.issue("missing", ["body", "identifier_key"], "Field required", input: [:]),
            Expect.issue("missing", ["body", "name"], "Field required", input: [:]),
            Expect.issue("missing", ["body", "identity_type"], "Field required", input: [:])
        ))
    }

    @Test func create_Returns422_WhenNameIsMissing() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "noname", "identity_type": "user"])
        #expect(response.json == Expect.validation(
            Expect.issue("missing", ["body", "name"], "Field required", input: ["identifier_key": "noname", "identity_type": "user"])
        ))
    }

    @Test func create_Returns422StringType_WhenNameIsNullOrKeyIsNumber() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": 123, "name": nil, "identity_type": "user"])
        #expect(response.json == Expect.validation(
            Expect.issue("string_type", ["body", "identifier_key"], "Input should be a valid string", input: 123),
            Expect.issue("string_type", ["body", "name"], "Input should be a valid string", input: nil)
        ))
    }

    @Test func create_Returns422ExtraForbidden_AfterFieldErrors() {
        let response = api.send(.post, "/v1/identities/", json: [
            "color": "red", "identifier_key": "k", "name": "x", "identity_type": "robot", "organization_id": "org-x",
        ])
        #expect(response.json == Expect.validation(
            Expect.issue("enum", ["body", "identity_type"], Expect.identityTypeEnumMessage, input: "robot",
                         context: Expect.identityTypeEnumContext),
            Expect.issue("extra_forbidden", ["body", "color"], "Extra inputs are not permitted", input: "red"),
            Expect.issue("extra_forbidden", ["body", "organization_id"], "Extra inputs are not permitted", input: "org-x")
        ))
    }

    @Test func create_Returns422Missing_WhenThereIsNoBody() {
        let response = api.send(.post, "/v1/identities/")
        #expect(response.json == Expect.validation(Expect.issue("missing", ["body"], "Field required", input: nil)))
    }

    @Test func create_Returns422JSONInvalid_WhenBodyIsMalformed() {
        let response = api.send(.post, "/v1/identities/", body: #"{"identifier_key": "x", "name": "#)
        #expect(response.json == Expect.validation(
            Expect.issue("json_invalid", ["body", 32], "JSON decode error", input: [:], context: ["error": "Expecting value"])
        ))
    }

    @Test func create_Returns422ModelAttributesType_WhenBodyIsArray() {
        let response = api.send(.post, "/v1/identities/", body: "[]")
        #expect(response.json == Expect.validation(
            Expect.issue("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from", input: [])
        ))
    }

    @Test func create_Returns422_WhenContentTypeIsNotJSON() {
        let body = #"{"identifier_key": "ctype", "name": "x", "identity_type": "user"}"#
        let response = api.send(.post, "/v1/identities/", body: body, contentType: "text/plain")
        #expect(response.json == Expect.validation(
            Expect.issue("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from",
                         input: .string(body))
        ))
    }

    @Test func create_ParsesJSON_WhenThereIsNoContentType() {
        let response = api.send(.post, "/v1/identities/", body: #"{"identifier_key": "noctype", "name": "x", "identity_type": "user"}"#,
                                contentType: nil)
        #expect(response.status == 200)
        #expect(response.json["identifier_key"] == "noctype")
    }

    @Test func create_ParsesJSON_WhenContentTypeIsEmpty() {
        let response = api.send(.post, "/v1/identities/", body: #"{"identifier_key": "noctype", "name": "x", "identity_type": "user"}"#,
                                contentType: "")
        #expect(response.status == 200)
        #expect(response.json["identifier_key"] == "noctype")
        let list = api.send(.put, "/v1/identities/\(response.json["id"]?.stringValue ?? "")/properties",
                            body: #"[{"key":"k","value":"v","type":"string"}]"#, contentType: "")
        #expect(list.status == 200, "\(list.text)")
        #expect(list.json["properties"] == [["key": "k", "value": "v", "type": "string"]])
    }

    @Test func create_IgnoresXProjectHeader() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": "user"],
                                headers: [("X-Project", "elsewhere")])
        #expect(response.json["project_id"] == .some(.null))
    }

    @Test func create_Returns400_WhenUserIDHeaderIsMalformed() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": "user"],
                                headers: [("user_id", "bob")])
        #expect(response.status == 400)
        #expect(response.json == Expect.detail("INVALID_ARGUMENT: Invalid user ID format: bob. Expected format: 'user-<uuid4>'"))
        #expect(api.send(.get, "/v1/identities/count").json == 0)
    }

    @Test func create_UsesDefaultOrganization_WhenUserIDIsWellFormedButUnknown() {
        let response = api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": "user"],
                                headers: [("user_id", "user-11111111-2222-4333-8444-555555555555")])
        #expect(response.status == 200)
        #expect(response.json["organization_id"] == Expect.organizationID)
    }
}
