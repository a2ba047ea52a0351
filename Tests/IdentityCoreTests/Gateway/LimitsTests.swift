import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("Request limits")
struct LimitsTests {
    /// A server in open mode with small caps, one identity linked to one agent and one block.
    struct Fixture {
        let harness: GatewayHarness
        let identityID: String
        let agentID: String
        let blockID: String

        init(limits: APILimits) throws {
            harness = try GatewayHarness(password: nil, limits: limits)
            blockID = harness.send(.post, "/v1/blocks/", body: #"{"label":"human","value":"v"}"#).json["id"]?.stringValue ?? ""
            identityID = harness.send(
                .post, "/v1/identities/",
                body: #"{"identifier_key":"k","name":"n","identity_type":"user","block_ids":["\#(blockID)"]}"#
            ).json["id"]?.stringValue ?? ""
            agentID = harness.send(
                .post, "/v1/agents/",
                body: #"{"model":"openai/gpt-4o-mini","block_ids":["\#(blockID)"],"identity_ids":["\#(identityID)"]}"#
            ).json["id"]?.stringValue ?? ""
        }

        var listPaths: [String] {
            [
                "/v1/identities/", "/v1/agents/", "/v1/blocks/", "/v1/tags/", "/v1/identities/\(identityID)/agents",
                "/v1/identities/\(identityID)/blocks", "/v1/blocks/\(blockID)/agents", "/v1/agents/\(agentID)/core-memory/blocks",
            ]
        }
    }

    @Test func limitAboveTheCap_Gets422_OnEveryList() throws {
        let fixture = try Fixture(limits: APILimits(maxPageSize: 3, maxListItems: 10))
        for path in fixture.listPaths {
            let response = fixture.harness.send(.get, "\(path)?limit=4")
            #expect(response.status == 422, "\(path): \(response.text)")
            #expect(response.json["detail"] == [[
                "type": "less_than_equal", "loc": ["query", "limit"], "msg": "Input should be less than or equal to 3",
                "input": "4", "ctx": ["le": 3],
            ]], "\(path)")
            #expect(fixture.harness.send(.get, "\(path)?limit=3").status == 200, "\(path)")
        }
    }

    @Test func limitZero_ReturnsAtMostTheCap() throws {
        let fixture = try Fixture(limits: APILimits(maxPageSize: 3, maxListItems: 10))
        for index in 0..<4 {
            #expect(fixture.harness.send(.post, "/v1/blocks/", body: #"{"label":"l\#(index)","value":"v"}"#).status == 200)
        }
        #expect(fixture.harness.send(.get, "/v1/blocks/?limit=0").ids.count == 3)
        #expect(fixture.harness.send(.get, "/v1/blocks/count").text == "5")
    }

    @Test func noCap_KeepsLettasUnlimitedPages() throws {
        let fixture = try Fixture(limits: APILimits(maxPageSize: nil, maxListItems: 10))
        for index in 0..<4 {
            #expect(fixture.harness.send(.post, "/v1/blocks/", body: #"{"label":"l\#(index)","value":"v"}"#).status == 200)
        }
        #expect(fixture.harness.send(.get, "/v1/blocks/?limit=0").ids.count == 5)
        #expect(fixture.harness.send(.get, "/v1/blocks/?limit=1000000").ids.count == 5)
    }

    @Test func defaultCap_Is1000() throws {
        let fixture = try Fixture(limits: .default)
        #expect(fixture.harness.send(.get, "/v1/identities/?limit=1000").status == 200)
        let over = fixture.harness.send(.get, "/v1/identities/?limit=1001")
        #expect(over.status == 422)
        #expect(over.firstIssue?["msg"] == "Input should be less than or equal to 1000")
    }

    @Test func bodyListLongerThanTheCap_Gets422() throws {
        let fixture = try Fixture(limits: APILimits(maxPageSize: 100, maxListItems: 2))
        let ids = (0..<3).map { "\"agent-00000000-0000-4000-8000-00000000000\($0)\"" }.joined(separator: ",")
        let identity = fixture.harness.send(
            .post, "/v1/identities/", body: #"{"identifier_key":"x","name":"n","identity_type":"user","agent_ids":[\#(ids)]}"#)
        #expect(identity.status == 422)
        #expect(identity.firstIssue?["type"] == "too_long")
        #expect(identity.firstIssue?["loc"] == ["body", "agent_ids"])
        #expect(identity.firstIssue?["msg"] == "List should have at most 2 items after validation, not 3")
        #expect(identity.firstIssue?["ctx"] == ["field_type": "List", "max_length": 2, "actual_length": 3])

        let tags = fixture.harness.send(.post, "/v1/blocks/", body: #"{"label":"l","value":"v","tags":["a","b","c"]}"#)
        #expect(tags.status == 422)
        #expect(tags.firstIssue?["loc"] == ["body", "tags"])
        let agent = fixture.harness.send(.patch, "/v1/agents/\(fixture.agentID)", body: #"{"tags":["a","b","c"]}"#)
        #expect(agent.status == 422)
        #expect(fixture.harness.send(.post, "/v1/blocks/", body: #"{"label":"l","value":"v","tags":["a","b"]}"#).status == 200)
        #expect(fixture.harness.send(.get, "/v1/blocks/count").text == "2")
    }

    @Test func repeatedQueryParameterBeyondTheCap_Gets422() throws {
        let fixture = try Fixture(limits: APILimits(maxPageSize: 100, maxListItems: 2))
        let response = fixture.harness.send(.get, "/v1/agents/?tags=a&tags=b&tags=c")
        #expect(response.status == 422)
        #expect(response.firstIssue?["loc"] == ["query", "tags"])
        #expect(response.firstIssue?["input"] == ["a", "b", "c"])
        #expect(fixture.harness.send(.get, "/v1/agents/?tags=a&tags=b").status == 200)
        #expect(fixture.harness.send(.get, "/v1/blocks/?identifier_keys=a&identifier_keys=b&identifier_keys=c").status == 422)
    }
}

extension APIResponse {
    /// The first issue of a 422 body.
    var firstIssue: JSONValue? { json["detail"]?.arrayValue?.first }
}
