import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI count")
struct BlocksAPICountTests {
    @Test func count_CoversEveryBlockIncludingTemplatesAndHidden_WhenNoFilterIsGiven() throws {
        let fixture = try BlocksFixture()
        #expect(try fixture.count("") == 6)
        #expect(try fixture.list("limit=0").count == 4)
    }

    @Test(arguments: [
        ("templates_only=false", 6),
        ("match_all_tags=true", 6),
        ("label=human", 1),
        ("label=human&templates_only=true", 1),
        ("label=notes", 1),
        ("templates_only=true", 1),
        ("tags=eu", 3),
        ("tags=vip", 2),
        ("tags=vip&tags=eu", 4),
        ("tags=vip&tags=eu&match_all_tags=true", 1),
        ("tags=vip&templates_only=true", 1),
        ("project_id=p1", 1),
        ("project_id=p1&tags=eu", 1),
        ("project_id=p2&tags=vip", 0),
        ("name=Base+human", 0),
        ("name=Base+human&templates_only=true", 1),
        ("label_search=human&value_search=tea", 6),
    ])
    func count_MatchesFiltersWithTemplatesOnlyAndHiddenBlocks(query: String, expected: Int) throws {
        let fixture = try BlocksFixture()
        #expect(try fixture.count(query) == .int(Int64(expected)), "\(query)")
    }

    @Test func count_EqualsListLength_ForFiltersWithoutHiddenBlocks() throws {
        let fixture = try BlocksFixture()
        for query in ["tags=vip", "label=human", "project_id=p1", "tags=vip&tags=eu&match_all_tags=true", "templates_only=true"] {
            #expect(try fixture.count(query) == .int(Int64(try fixture.list(query).count)), "\(query)")
        }
    }

    @Test func count_FollowsCreateAndDelete() throws {
        let harness = try BlocksHarness()
        #expect(try harness.get("/v1/blocks/count").json == 0)
        let id = try harness.createBlockID(#"{"label":"x"}"#)
        try harness.createBlock(#"{"label":"y"}"#)
        #expect(try harness.get("/v1/blocks/count").json == 2)
        _ = try harness.send(.delete, "/v1/blocks/\(id)")
        let reply = try harness.get("/v1/blocks/count")
        #expect(reply.json == 1)
        #expect(reply.response.body == Array("1".utf8))
        #expect(reply.response.headers["Content-Type"] == "application/json")
    }

    @Test(arguments: [
        ("label=a.b", "string_pattern_mismatch", "label"),
        ("name=", "string_too_short", "name"),
        ("templates_only=perhaps", "bool_parsing", "templates_only"),
        ("match_all_tags=perhaps", "bool_parsing", "match_all_tags"),
    ])
    func count_Answers422_WhenAParameterIsInvalid(query: String, type: String, name: String) throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/count?\(query)")
        #expect(reply.status == 422)
        #expect(reply.issueTypes == [type])
        #expect(reply.issueLocations == [["query", .string(name)]])
    }
}
