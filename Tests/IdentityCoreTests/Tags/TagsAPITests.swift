import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("TagsAPI")
struct TagsAPITests {
    /// Agent tags `B`, `shared`, `é`; block tags `Z`, `_`, `a`, `shared`, `100%`.
    static func makeTags() throws -> BlocksHarness {
        let harness = try BlocksHarness()
        try harness.storeAgent(name: "agent", tags: ["B", "shared", "é"])
        try harness.createBlock(#"{"label":"one","tags":["Z","_","shared"]}"#)
        try harness.createBlock(#"{"label":"two","tags":["a","100%"]}"#)
        return harness
    }

    static let allAscending = ["100%", "B", "Z", "_", "a", "shared", "é"]

    @Test func list_ReturnsUnionOfAgentAndBlockTags_InCodePointOrder() throws {
        let harness = try Self.makeTags()
        let reply = try harness.get("/v1/tags/")
        #expect(reply.status == 200)
        #expect(reply.json == .array(Self.allAscending.map(JSONValue.string)))
        #expect(try harness.get("/v1/tags/?order=asc&order_by=name").strings == Self.allAscending)
    }

    @Test func list_ReversesOrder_WhenOrderIsDesc() throws {
        let harness = try Self.makeTags()
        #expect(try harness.get("/v1/tags/?order=desc").strings == Self.allAscending.reversed())
    }

    @Test(arguments: [
        ("after=Z", ["_", "a", "shared", "é"]),
        ("after=C", ["Z", "_", "a", "shared", "é"]),
        ("before=a", ["100%", "B", "Z", "_"]),
        ("after=B&before=shared", ["Z", "_", "a"]),
        ("order=desc&after=a", ["_", "Z", "B", "100%"]),
        ("order=desc&before=Z", ["é", "shared", "a", "_"]),
        ("order=desc&after=shared&before=B", ["a", "_", "Z"]),
        ("after=é", []),
        ("limit=2", ["100%", "B"]),
        ("limit=2&after=B", ["Z", "_"]),
        ("limit=2&order=desc&after=a", ["_", "Z"]),
        ("limit=0", allAscending),
        ("name=HAR", ["shared"]),
        ("name=%25", ["100%"]),
        ("name=_", ["_"]),
        ("query_text=b", ["B"]),
        ("name=z&query_text=b", ["Z"]),
        ("name=&query_text=b", ["B"]),
        ("name=é", ["é"]),
        ("name=nothing", []),
        ("name=a&order=desc&limit=1", ["shared"]),
        ("name=a&after=a", ["shared"]),
    ])
    func list_AppliesCursorsLimitAndNameFilter(query: String, expected: [String]) throws {
        let harness = try Self.makeTags()
        #expect(try harness.get("/v1/tags/?\(query)").strings == expected, "\(query)")
    }

    @Test func list_Returns50ByDefault() throws {
        let harness = try BlocksHarness()
        let tags = (0..<60).map { "tag\(1000 + $0)" }
        try harness.storeAgent(name: "many", tags: Array(tags[0..<30]))
        try harness.createBlock(#"{"label":"many","tags":[\#(tags[30...].map { "\"\($0)\"" }.joined(separator: ","))]}"#)
        #expect(try harness.get("/v1/tags/").strings == Array(tags[0..<50]))
        #expect(try harness.get("/v1/tags/?limit=0").strings == tags)
    }

    @Test func list_ForgetsATag_WhenItsLastCarrierIsDeleted() throws {
        let harness = try BlocksHarness()
        let agent = try harness.storeAgent(name: "agent", tags: ["agent-tag", "both"])
        let first = try harness.createBlockID(#"{"label":"one","tags":["block-tag","both"]}"#)
        let second = try harness.createBlockID(#"{"label":"two","tags":["block-tag"]}"#)
        #expect(try harness.get("/v1/tags/").strings == ["agent-tag", "block-tag", "both"])

        _ = try harness.send(.delete, "/v1/blocks/\(first)")
        #expect(try harness.get("/v1/tags/").strings == ["agent-tag", "block-tag", "both"])
        #expect(try harness.store.deleteAgent(id: agent.id, organizationID: harness.organizationID))
        #expect(try harness.get("/v1/tags/").strings == ["block-tag"])
        _ = try harness.send(.patch, "/v1/blocks/\(second)", body: #"{"tags":["renamed"]}"#)
        #expect(try harness.get("/v1/tags/").strings == ["renamed"])
        _ = try harness.send(.delete, "/v1/blocks/\(second)")
        #expect(try harness.get("/v1/tags/").json == [])
    }

    @Test func list_HidesTagsOfOtherOrganizations() throws {
        let harness = try BlocksHarness()
        let other = "org-11111111-1111-4111-8111-111111111111"
        try harness.store.ensureOrganization(id: other, name: "other")
        try harness.storeBlock(createdAt: 1, tags: ["foreign"], organizationID: other)
        try harness.storeBlock(createdAt: 2, tags: ["mine"])
        #expect(try harness.get("/v1/tags/").strings == ["mine"])
    }

    @Test(arguments: [
        ("limit=-1", "greater_than_equal", "limit"),
        ("limit=many", "int_parsing", "limit"),
        ("order=sideways", "literal_error", "order"),
        ("order_by=created_at", "literal_error", "order_by"),
    ])
    func list_Answers422_WhenAParameterIsInvalid(query: String, type: String, name: String) throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/tags/?\(query)")
        #expect(reply.status == 422)
        #expect(reply.issueTypes == [type])
        #expect(reply.issueLocations == [["query", .string(name)]])
    }

    @Test func list_Answers400_WhenUserIDHeaderIsMalformed() throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.get, "/v1/tags/", headers: ["user_id": "user-1"])
        #expect(reply.status == 400)
    }

    @Test func list_RedirectsToTrailingSlash() throws {
        let harness = try BlocksHarness()
        let request = HTTPRequest(method: .get, target: "/v1/tags?limit=1", headers: ["Host": "localhost:8283"])
        let response = harness.router.respond(to: request)
        #expect(response.status.code == 307)
        #expect(response.headers["Location"] == "http://localhost:8283/v1/tags/?limit=1")
    }
}
