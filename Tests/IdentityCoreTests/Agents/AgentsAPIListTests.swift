import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI list and count")
struct AgentsAPIListTests {
    /// Five agents with tags, identities and stop reasons, plus the identities used.
    struct Fixture {
        let harness: AgentsHarness
        let user1: Identity
        let user1OtherProject: Identity
        let user2: Identity
        /// Agent ids by name, created in this order: Alpha, Beta, Gamma, Delta, Hidden.
        let ids: [String: String]

        init() throws {
            harness = try AgentsHarness()
            user1 = try harness.makeIdentity("user_1")
            user1OtherProject = try harness.makeIdentity("user_1", projectID: "p2")
            user2 = try harness.makeIdentity("user_2")
            var ids: [String: String] = [:]
            ids["Alpha"] = harness.agent(
                "Alpha", #""tags":["a","shared"],"identity_ids":["\#(user1.id)","\#(user1OtherProject.id)"],"project_id":"p1""#)
            ids["Beta"] = harness.agent("Beta", #""tags":["b","shared"],"identity_ids":["\#(user2.id)"],"template_id":"t1""#)
            ids["Gamma"] = harness.agent("Gamma", #""tags":["a","b"],"identity_ids":["\#(user1.id)","\#(user2.id)"],"base_template_id":"bt""#)
            ids["Delta"] = harness.agent("Delta", #""tags":["A"],"project_id":"p1""#)
            ids["Hidden"] = harness.agent("Hidden", #""tags":["a","role:subagent"],"identity_ids":["\#(user1.id)"]"#)
            self.ids = ids
            harness.send(.patch, "/v1/agents/\(ids["Beta"]!)", #"{"last_stop_reason":"end_turn"}"#)
        }

        func names(_ query: String) -> [String] {
            let reply = harness.send(.get, "/v1/agents/\(query)")
            #expect(reply.status == .ok, "\(query): \(reply.text)")
            return reply.names
        }

        func count(_ query: String) -> Int? {
            let reply = harness.send(.get, "/v1/agents/count\(query)")
            #expect(reply.status == .ok, "\(query): \(reply.text)")
            return reply.json.intValue.map { Int($0) }
        }
    }

    @Test func list_ReturnsNewestFirstWithoutHidden_ByDefault() throws {
        let fixture = try Fixture()
        #expect(fixture.names("") == ["Delta", "Gamma", "Beta", "Alpha"])
        #expect(fixture.names("?show_hidden_agents=true") == ["Hidden", "Delta", "Gamma", "Beta", "Alpha"])
        #expect(fixture.count("") == 4)
        #expect(fixture.count("?show_hidden_agents=true") == 5)
    }

    @Test func list_FillsRelationships_ForEveryClient() throws {
        let fixture = try Fixture()
        let headers: HTTPHeaders = ["X-Stainless-Package-Version": "1.7.0", "User-Agent": "letta-client/1.7.0"]
        let reply = fixture.harness.send(.get, "/v1/agents/?name=Gamma", headers: headers)
        let gamma = try #require(reply.array.first)
        #expect(gamma["tags"] == ["a", "b"])
        #expect(gamma["identity_ids"]?.strings == [fixture.user1.id, fixture.user2.id])
        #expect(gamma["identities"]?.arrayValue?.compactMap { $0["identifier_key"]?.stringValue } == ["user_1", "user_2"])
        #expect(gamma.keys == AgentsAPICreateTests.agentStateKeys)
    }

    @Test(arguments: [
        ("?name=Gamma", ["Gamma"]),
        ("?name=gamma", []),
        ("?name=", ["Delta", "Gamma", "Beta", "Alpha"]),
        ("?query_text=AL", ["Alpha"]),
        ("?query_text=a", ["Delta", "Gamma", "Beta", "Alpha"]),
        ("?tags=a", ["Gamma", "Alpha"]),
        ("?tags=A", ["Delta"]),
        ("?tags=a&tags=b", ["Gamma", "Beta", "Alpha"]),
        ("?tags=a&tags=b&match_all_tags=true", ["Gamma"]),
        ("?tags=a,b", []),
        ("?tags=", []),
        ("?identifier_keys=user_1", ["Gamma", "Alpha"]),
        ("?identifier_keys=user_1&identifier_keys=user_2", ["Gamma", "Beta", "Alpha"]),
        ("?identifier_keys=nobody", []),
        ("?project_id=p1", ["Delta", "Alpha"]),
        ("?template_id=t1", ["Beta"]),
        ("?base_template_id=bt", ["Gamma"]),
        ("?last_stop_reason=end_turn", ["Beta"]),
        ("?last_stop_reason=error", []),
        ("?created_by_id=user-00000000-0000-4000-8000-000000000000", ["Delta", "Gamma", "Beta", "Alpha"]),
        ("?created_by_id=user-11111111-1111-4111-8111-111111111111", []),
        ("?tags=a&show_hidden_agents=true", ["Hidden", "Gamma", "Alpha"]),
        ("?identifier_keys=user_1&tags=shared", ["Alpha"]),
        ("?tags=shared&project_id=p1&query_text=alp", ["Alpha"]),
        ("?identifier_keys=user_2&tags=a&tags=b&match_all_tags=true", ["Gamma"]),
        ("?identifier_keys=user_1&name=Beta", []),
    ])
    func list_Filters(query: String, expected: [String]) throws {
        let fixture = try Fixture()
        #expect(fixture.names(query) == expected, "\(query)")
        let countQuery = query.isEmpty ? "" : query
        #expect(fixture.count(countQuery) == expected.count, "count\(query)")
    }

    @Test func list_FiltersByIdentityID_WithoutCheckingItsFormat() throws {
        let fixture = try Fixture()
        #expect(fixture.names("?identity_id=\(fixture.user2.id)") == ["Gamma", "Beta"])
        #expect(fixture.names("?identity_id=\(fixture.user1.id)&identifier_keys=user_2") == [])
        #expect(fixture.names("?identity_id=\(fixture.user1.id)&identifier_keys=user_1&tags=b") == ["Gamma"])
        #expect(fixture.names("?identity_id=not-an-id") == [])
        #expect(fixture.count("?identity_id=\(fixture.user2.id)") == 2)
    }

    @Test func list_ReturnsEachAgentOnce_WhenSeveralIdentitiesMatchTheKey() throws {
        let fixture = try Fixture()
        let alpha = fixture.harness.send(.get, "/v1/agents/?identifier_keys=user_1&identifier_keys=user_2&limit=2")
        #expect(alpha.names == ["Gamma", "Beta"])
        #expect(fixture.count("?identifier_keys=user_1&identifier_keys=user_2") == 3)
    }

    @Test func list_ReportsInvalidParameters() throws {
        let fixture = try Fixture()
        let reply = fixture.harness.send(
            .get,
            "/v1/agents/?limit=x&order=up&order_by=name&last_stop_reason=done&match_all_tags=maybe&include=agent.everything&ascending=sometimes")
        #expect(reply.status == .unprocessableEntity)
        #expect(Set(reply.issueLocations) == [
            "query.limit", "query.order", "query.order_by", "query.last_stop_reason", "query.match_all_tags",
            "query.include.0", "query.ascending",
        ])
        let negative = fixture.harness.send(.get, "/v1/agents/?limit=-1")
        #expect(negative.issueLocations == ["query.limit"])
        let count = fixture.harness.send(.get, "/v1/agents/count?last_stop_reason=nope&show_hidden_agents=x")
        #expect(count.issueLocations == ["query.last_stop_reason", "query.show_hidden_agents"])
    }

    @Test func list_AcceptsIncludeAndIgnoredLegacyParameters() throws {
        let fixture = try Fixture()
        let query = "?include=agent.tags&include=agent.identities&include_relationships=memory&ascending=true&sort_by=name"
        #expect(fixture.names(query) == ["Delta", "Gamma", "Beta", "Alpha"])
    }

    @Test func list_LimitsAndTreatsZeroAsNoLimit() throws {
        let fixture = try Fixture()
        #expect(fixture.names("?limit=2") == ["Delta", "Gamma"])
        #expect(fixture.names("?limit=0") == ["Delta", "Gamma", "Beta", "Alpha"])
    }

    @Test func list_AnswersBadRequest_ForMalformedUserHeader() throws {
        let fixture = try Fixture()
        let reply = fixture.harness.send(.get, "/v1/agents/", headers: ["user_id": "user-123"])
        #expect(reply.status == .badRequest)
        #expect(fixture.harness.send(.get, "/v1/agents/count", headers: ["user_id": "x"]).status == .badRequest)
    }
}
