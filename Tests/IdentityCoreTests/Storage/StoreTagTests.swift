import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store tags")
struct StoreTagTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Agent and block tags overlapping, with case and non-ASCII differences.
    func seeded() throws -> any IdentityStore & TenantStore {
        let store = try F.anyStore()
        _ = try store.createAgent(F.agent("a1", tags: ["beta", "Zeta", "user_1"]), newBlocks: [])
        _ = try store.createAgent(F.agent("a2", tags: ["beta", "alpha"]), newBlocks: [])
        _ = try store.createBlock(F.block("b", tags: ["alpha", "éclair", "100%", "a\\b"]))
        _ = try store.createAgent(F.agent("foreign", org: F.otherOrg, tags: ["secret"]), newBlocks: [])
        return store
    }

    static let ascending = ["100%", "Zeta", "a\\b", "alpha", "beta", "user_1", "éclair"]

    @Test func listTags_ReturnsDistinctUnionInCodePointOrder() throws {
        let store = try seeded()
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == Self.ascending)
        #expect(
            try store.listTags(nameContains: nil, page: F.page(.descending), organizationID: org)
                == Self.ascending.reversed())
        #expect(
            try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: F.otherOrg) == ["secret"])
    }

    @Test(arguments: [SortOrder.ascending, .descending])
    func listTags_PagesByTagCursors(order: SortOrder) throws {
        let store = try seeded()
        let expected = order == .ascending ? Self.ascending : Self.ascending.reversed()
        try PaginationCheck.verify(expected: expected, order: order, pageSize: 4) { page in
            try store.listTags(nameContains: nil, page: page, organizationID: org)
        }
        // Cursors need not be existing tags.
        #expect(
            try store.listTags(nameContains: nil, page: F.page(order, after: "b"), organizationID: org)
                == (order == .ascending ? ["beta", "user_1", "éclair"] : ["alpha", "a\\b", "Zeta", "100%"]))
    }

    @Test func listTags_FiltersByCaseInsensitiveLiteralSubstring_AndLimits() throws {
        let store = try seeded()
        #expect(
            try store.listTags(nameContains: "ETA", page: F.page(.ascending), organizationID: org) == ["Zeta", "beta"])
        #expect(try store.listTags(nameContains: "_", page: F.page(.ascending), organizationID: org) == ["user_1"])
        #expect(try store.listTags(nameContains: "%", page: F.page(.ascending), organizationID: org) == ["100%"])
        #expect(try store.listTags(nameContains: "\\", page: F.page(.ascending), organizationID: org) == ["a\\b"])
        #expect(try store.listTags(nameContains: "A\\B", page: F.page(.ascending), organizationID: org) == ["a\\b"])
        #expect(try store.listTags(nameContains: "clair", page: F.page(.ascending), organizationID: org) == ["éclair"])
        #expect(
            try store.listTags(nameContains: "a", page: F.page(.ascending, limit: 3), organizationID: org)
                == ["Zeta", "a\\b", "alpha"])
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending, limit: 0), organizationID: org) == [])
    }

    @Test func listTags_DropsATag_WhenItsLastCarrierIsDeletedOrUntagged() throws {
        let store = try F.anyStore()
        let agent = try store.createAgent(F.agent("a", tags: ["shared", "agent-only"]), newBlocks: [])
        let block = try store.createBlock(F.block("b", tags: ["shared", "block-only"]))
        _ = try store.updateAgent(id: agent.id, organizationID: org) { $0.tags = ["shared"] }
        #expect(
            try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == [
                "block-only", "shared",
            ])
        #expect(try store.deleteBlock(id: block.id, organizationID: org))
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == ["shared"])
        #expect(try store.deleteAgent(id: agent.id, organizationID: org))
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == [])
    }
}
