import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI list filters")
struct BlocksAPIListTests {
    /// Maps fixture letters to ids, in the order given.
    static func ids(_ letters: String, in fixture: BlocksFixture) -> [String] {
        letters.map { letter in
            switch letter {
            case "a": fixture.a
            case "b": fixture.b
            case "c": fixture.c
            case "d": fixture.d
            case "e": fixture.e
            default: fixture.f
            }
        }
    }

    @Test(arguments: [
        ("", "abcf"),
        ("label=human", "a"),
        ("label=system/human", "c"),
        ("label=system%2Fhuman", "c"),
        ("label_search=HUMAN", "acf"),
        ("label_search=an_n", "f"),
        ("label=persona&label_search=human", "b"),
        ("templates_only=true", "d"),
        ("templates_only=false", "abcf"),
        ("name=Base+human", ""),
        ("templates_only=true&name=Base%20human", "d"),
        ("templates_only=true&name=Base", ""),
        ("project_id=p1", "a"),
        ("project_id=nope", ""),
        ("tags=vip", "ac"),
        ("tags=vip&tags=eu", "abc"),
        ("tags=vip&tags=eu&match_all_tags=true", "a"),
        ("tags=eu&match_all_tags=true", "ab"),
        ("tags=VIP", ""),
        ("description_search=ALICE", "a"),
        ("description_search=persona", "bc"),
        ("description_search=bot%20PERSONA", "b"),
        ("description_search=human%20block", "c"),
        ("value_search=tea", "af"),
        ("value_search=%25", "f"),
        ("value_search=_", ""),
        ("connected_to_agents_count_gt=0", "ab"),
        ("connected_to_agents_count_gt=1", "a"),
        ("connected_to_agents_count_lt=1", "cf"),
        ("connected_to_agents_count_lt=2", "bcf"),
        ("connected_to_agents_count_eq=0", "cf"),
        ("connected_to_agents_count_eq=1&connected_to_agents_count_eq=2", "ab"),
        ("connected_to_agents_count_eq=0&connected_to_agents_count_eq=2", "acf"),
        ("connected_to_agents_count_gt=0&connected_to_agents_count_lt=2", "b"),
        ("show_hidden_blocks=true", "abcef"),
        ("tags=eu&show_hidden_blocks=true", "abe"),
        ("identifier_keys=user_1", "acf"),
        ("identifier_keys=user_1&identifier_keys=user_2", "abcf"),
        ("identifier_keys=nobody", ""),
        ("tags=vip&value_search=tea&connected_to_agents_count_gt=1", "a"),
        ("label_search=human&identifier_keys=user_1&connected_to_agents_count_eq=0", "cf"),
        ("templates_only=true&tags=vip&label=human", "d"),
        ("tags=eu&project_id=p2&description_search=bot", "b"),
        ("order=desc", "fcba"),
        ("order=desc&tags=vip&tags=eu", "cba"),
        ("order_by=created_at&order=asc", "abcf"),
    ])
    func list_ReturnsMatchingBlocksOldestFirst(query: String, expected: String) throws {
        let fixture = try BlocksFixture()
        #expect(try fixture.list(query) == Self.ids(expected, in: fixture), "\(query)")
    }

    @Test func list_FiltersByIdentityID() throws {
        let fixture = try BlocksFixture()
        #expect(try fixture.list("identity_id=\(fixture.user1.id)") == Self.ids("ac", in: fixture))
        #expect(try fixture.list("identity_id=\(fixture.user2.id)") == Self.ids("b", in: fixture))
        #expect(try fixture.list("identity_id=\(fixture.user1OtherProject.id)") == Self.ids("f", in: fixture))
        #expect(try fixture.list("identity_id=identity-00000000-0000-4000-8000-000000000000") == [])
    }

    @Test func list_CombinesIdentityIDWithOtherFilters() throws {
        let fixture = try BlocksFixture()
        #expect(try fixture.list("identity_id=\(fixture.user1.id)&identifier_keys=user_1") == Self.ids("ac", in: fixture))
        #expect(try fixture.list("identity_id=\(fixture.user2.id)&identifier_keys=user_1") == [])
        #expect(try fixture.list("identity_id=\(fixture.user1.id)&tags=vip&label=system/human") == Self.ids("c", in: fixture))
        #expect(try fixture.list("identity_id=\(fixture.user1.id)&connected_to_agents_count_gt=0") == Self.ids("a", in: fixture))
    }

    @Test func list_RendersBlocksWithTagsAndAuthors() throws {
        let fixture = try BlocksFixture()
        let reply = try fixture.harness.get("/v1/blocks/?label=human")
        let block = try #require(reply.json.arrayValue?.first)
        #expect(block == BlocksAPICreateTests.expectedBlock(id: fixture.a, overrides: [
            ("value", "Alice likes tea"), ("limit", 100_000), ("description", "About Alice"), ("metadata", [:]),
            ("project_id", "p1"), ("tags", block["tags"] ?? []),
        ]))
        let tags = BlocksHarness.strings(block["tags"])
        #expect(tags.sorted() == ["eu", "vip"])
    }

    @Test func list_ShowsBlocksCreatedWithAnAgent() throws {
        let harness = try BlocksHarness()
        let memory = Block(organizationID: harness.organizationID, label: "human", value: "from agent")
        try harness.storeAgent(name: "agent", newBlocks: [memory])
        #expect(try harness.get("/v1/blocks/").ids == [memory.id])
    }

    @Test func list_HidesOtherOrganizations() throws {
        let harness = try BlocksHarness()
        let other = "org-11111111-1111-4111-8111-111111111111"
        try harness.store.ensureOrganization(id: other, name: "other")
        try harness.storeBlock(createdAt: 1, tags: ["t"], organizationID: other)
        let mine = try harness.storeBlock(createdAt: 2, tags: ["t"])
        #expect(try harness.get("/v1/blocks/").ids == [mine.id])
        #expect(try harness.get("/v1/blocks/?tags=t").ids == [mine.id])
        #expect(try harness.get("/v1/blocks/count").json == 1)
    }

    // MARK: Validation

    @Test(arguments: [
        ("label=bad!label", "string_pattern_mismatch", "label"),
        ("label=", "string_too_short", "label"),
        ("label=\(String(repeating: "x", count: 51))", "string_too_long", "label"),
        ("label_search=a%20b", "string_pattern_mismatch", "label_search"),
        ("name=bad!", "string_pattern_mismatch", "name"),
        ("name=", "string_too_short", "name"),
        ("name=\(String(repeating: "n", count: 101))", "string_too_long", "name"),
        ("identity_id=identity-1", "string_too_short", "identity_id"),
        ("identity_id=identity-123e4567-e89b-12d3-a456-426614174000", "string_pattern_mismatch", "identity_id"),
        ("description_search=", "string_too_short", "description_search"),
        ("value_search=\(String(repeating: "v", count: 201))", "string_too_long", "value_search"),
        ("connected_to_agents_count_gt=x", "int_parsing", "connected_to_agents_count_gt"),
        ("connected_to_agents_count_lt=1.5", "int_parsing", "connected_to_agents_count_lt"),
        ("templates_only=maybe", "bool_parsing", "templates_only"),
        ("match_all_tags=maybe", "bool_parsing", "match_all_tags"),
        ("show_hidden_blocks=maybe", "bool_parsing", "show_hidden_blocks"),
        ("limit=-1", "greater_than_equal", "limit"),
        ("limit=ten", "int_parsing", "limit"),
        ("order=up", "literal_error", "order"),
        ("order_by=updated_at", "literal_error", "order_by"),
    ])
    func list_Answers422_WhenAParameterIsInvalid(query: String, type: String, name: String) throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/?\(query)")
        #expect(reply.status == 422)
        #expect(reply.issueTypes == [type])
        #expect(reply.issueLocations == [["query", .string(name)]])
    }

    @Test func list_ReportsPatternAndLengthLikePydantic() throws {
        let harness = try BlocksHarness()
        let pattern = try harness.get("/v1/blocks/?label=a.b")
        #expect(pattern.detail == [[
            "type": "string_pattern_mismatch", "loc": ["query", "label"], "msg": "String should match pattern '^[a-zA-Z0-9_/-]+$'",
            "input": "a.b", "ctx": ["pattern": "^[a-zA-Z0-9_/-]+$"],
        ]])
        let short = try harness.get("/v1/blocks/?description_search=")
        #expect(short.detail == [[
            "type": "string_too_short", "loc": ["query", "description_search"], "msg": "String should have at least 1 character",
            "input": "", "ctx": ["min_length": 1],
        ]])
    }

    @Test func list_ChecksEachCountEqValue_AtItsIndex() throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/?connected_to_agents_count_eq=1&connected_to_agents_count_eq=y")
        #expect(reply.status == 422)
        #expect(reply.issueLocations == [["query", "connected_to_agents_count_eq", 1]])
    }

    @Test func list_ReportsEveryInvalidParameterTogether() throws {
        let harness = try BlocksHarness()
        let reply = try harness.get("/v1/blocks/?label=a.b&name=!&identity_id=x&limit=-5&order=sideways&templates_only=2")
        #expect(reply.status == 422)
        let names = Set(reply.issueLocations.compactMap { $0.arrayValue?.last?.stringValue })
        #expect(names == ["label", "name", "identity_id", "limit", "order", "templates_only"])
    }
}
