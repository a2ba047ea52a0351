import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// The seed documents' identity calls (multi-user guide, Create Identity reference page),
/// compared with what Letta 0.16.8 answered to them (spec/oracle/seed_flow.json).
@Suite struct IdentitiesAPISeedTests {
    let api: IdentitiesHarness

    init() throws { api = try IdentitiesHarness() }

    /// Letta's answer to the guide's first request, byte for byte (seed_flow.json step 1).
    static let oracleID = "identity-05c6da84-3016-4a00-bf29-6648a049c37f"
    static let oracleBody = #"{"id":"identity-05c6da84-3016-4a00-bf29-6648a049c37f","identifier_key":"user_1","name":"User One","identity_type":"user","project_id":null,"agent_ids":[],"block_ids":[],"organization_id":"org-00000000-0000-4000-8000-000000000000","properties":[]}"#

    static let guideBody = """
        {
              "identifier_key": "user_1",
              "name": "User One",
              "identity_type": "user"
            }
        """

    @Test func seedCreate_MatchesOracleByteForByte() throws {
        #expect(api.send(.get, "/v1/identities/count").text == "0")
        let response = api.send(.post, "/v1/identities/", body: Self.guideBody, headers: [("Authorization", "Bearer ")])
        #expect(response.status == 200)
        let id = try #require(response.json["id"]?.stringValue)
        #expect(response.text == Self.oracleBody.replacing(Self.oracleID, with: id))
        #expect(response.json.objectValue?.keys == (try JSONParser.parse(Self.oracleBody)).objectValue?.keys)
        #expect(api.send(.get, "/v1/identities/count").text == "1")
    }

    @Test func seedLookupByKey_ReturnsTheIdentityFirst() {
        let id = api.createIdentity("user_1", name: "Caren")
        let response = api.send(.get, "/v1/identities/?identifier_key=user_1")
        #expect(response.json == [Expect.identity(id: id, key: "user_1", name: "Caren", type: "user")])
    }

    /// The guide's second example is missing a comma before `agent_ids`.
    @Test func seedSecondExample_Returns422JSONInvalid_AsWritten() {
        let body = """
            {
                  "identifier_key": "user_1",
                  "name": "Sarah",
                  "identity_type": "user"
                  "agent_ids": ["agent-00000000-0000-4000-8000-000000000000"]
                }
            """
        let agentKey = body.range(of: #""agent_ids""#)!.lowerBound
        let position = body.utf8.distance(from: body.utf8.startIndex, to: agentKey)
        let response = api.send(.post, "/v1/identities/", body: body)
        #expect(response.json == Expect.validation(
            Expect.issue("json_invalid", ["body", .int(Int64(position))], "JSON decode error", input: [:],
                         context: ["error": "Expecting ',' delimiter"])
        ))
    }

    /// Once the comma is fixed: the key is taken (409), and the example agent does not exist
    /// (a 404 naming it, docs/reference/decisions.md #3, where Letta answers 500).
    @Test func seedSecondExample_Fixed_ConflictsThenNamesUnknownAgent() {
        api.createIdentity("user_1", name: "Caren")
        let duplicate = api.send(.post, "/v1/identities/", json: ["identifier_key": "user_1", "name": "Sarah", "identity_type": "user"])
        #expect(duplicate.status == 409)
        let unknownAgent = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "user_2", "name": "Sarah", "identity_type": "user",
            "agent_ids": ["agent-00000000-0000-4000-8000-000000000000"],
        ])
        #expect(unknownAgent.status == 404)
        #expect(unknownAgent.json == Expect.detail("Agent not found: agent-00000000-0000-4000-8000-000000000000"))
        #expect(api.send(.get, "/v1/identities/count").text == "1")
    }

    @Test func seedSecondExample_LinksAgent_WhenItExists() throws {
        let agent = try api.makeAgent()
        let response = api.send(.post, "/v1/identities/", json: [
            "identifier_key": "user_1", "name": "Sarah", "identity_type": "user", "agent_ids": [.string(agent)],
        ])
        #expect(response.status == 200)
        #expect(response.json["agent_ids"] == [.string(agent)])
    }

    /// The API reference page's request, and its example id (a version-1 UUID, rejected).
    @Test func seedReferencePage_CreatesOrg_AndRejectsItsExampleID() {
        let response = api.send(.post, "/v1/identities/", body: """
            {
                      "identifier_key": "identifier_key",
                      "identity_type": "org",
                      "name": "name"
                    }
            """, headers: [("Authorization", "Bearer token")])
        #expect(response.status == 200)
        #expect(response.json["identity_type"] == "org")
        let example = "identity-123e4567-e89b-12d3-a456-426614174000"
        #expect(api.send(.get, "/v1/identities/\(example)").json == Expect.malformedPathID(example))
    }
}
