import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store agent pagination")
struct StoreAgentPaginationTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Twelve agents: creation times with ties, distinct update times, and a last run on some only.
    func seeded() throws -> (any IdentityStore & TenantStore, [Agent]) {
        let store = try F.anyStore()
        let created: [Int64] = [10, 20, 20, 30, 40, 40, 40, 50, 60, 70, 80, 90]
        let updated: [Int64] = [500, 100, 900, 300, 200, 1100, 700, 400, 1000, 600, 800, 1200]
        let lastRun: [Int64?] = [nil, 5, nil, 7, 5, nil, 1, 9, nil, 3, 5, nil]
        let agents = try created.indices.map { index in
            var agent = F.agent(
                "agent \(index)", at: created[index], tags: index.isMultiple(of: 2) ? ["even"] : ["odd"])
            agent.updatedAt = Timestamp(microseconds: updated[index])
            agent.lastRunCompletion = lastRun[index].map(Timestamp.init(microseconds:))
            return try store.createAgent(agent, newBlocks: [])
        }
        _ = try store.createAgent(F.agent("foreign", org: F.otherOrg, at: 35), newBlocks: [])
        return (store, agents)
    }

    @Test(arguments: PaginationCheck.agentSorts)
    func listAgents_PagesBySortField_AcrossPageBoundaries(field: AgentSortField, order: SortOrder) throws {
        let (store, agents) = try seeded()
        let want = PaginationCheck.sorted(agents, field, order)
        try PaginationCheck.verify(expected: want, order: order, pageSize: 5) { page in
            try store.listAgents(AgentFilter(), sortBy: field, page: page, cursors: .lenient, organizationID: org).map(
                \.id)
        }
    }

    @Test(arguments: PaginationCheck.agentSorts)
    func listAgents_PagesFilteredByTag_AcrossPageBoundaries(field: AgentSortField, order: SortOrder) throws {
        let (store, agents) = try seeded()
        let even = agents.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        let want = PaginationCheck.sorted(even, field, order)
        try PaginationCheck.verify(expected: want, order: order, pageSize: 2) { page in
            try store.listAgents(
                AgentFilter(tags: ["even"]), sortBy: field, page: page, cursors: .lenient, organizationID: org
            )
            .map(\.id)
        }
    }

    @Test func listAgents_IgnoresUnknownCursor_WhenLenient_AndThrows_WhenStrict() throws {
        let (store, agents) = try seeded()
        let unknown = ObjectID.generate(.agent)
        let all = try store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.descending, after: unknown, before: unknown),
            cursors: .lenient,
            organizationID: org)
        #expect(all.count == agents.count)
        #expect(throws: StoreError.cursorNotFound(kind: .agent, id: unknown)) {
            try store.listAgents(
                AgentFilter(), sortBy: .createdAt, page: F.page(.descending, after: unknown), cursors: .strict,
                organizationID: org)
        }
    }

    /// 300 agents: a tag on most of them and a tag on a few; however the store lists each (SQLite scans
    /// the creation index for one and looks the few up for the other, see `SQLiteStoreQueryPlanTests`;
    /// PostgreSQL picks its own plans), the pages must be the same.
    @Test func listAgents_PagesCommonAndRareTagFilters_AcrossPageBoundaries() throws {
        let store = try F.anyStore()
        let agents = try F.commonAndRareTaggedAgents(store)
        let visible = agents.filter { $0.hidden != true }
        for (tags, matchAll) in [
            (["common"], false), (["rare"], false), (["common", "third"], true), (["rare", "third"], false),
        ] {
            let filter = AgentFilter(tags: tags, matchAllTags: matchAll)
            let matching = visible.filter { agent in
                matchAll ? tags.allSatisfy(agent.tags.contains) : tags.contains(where: agent.tags.contains)
            }
            for order in [SortOrder.ascending, .descending] {
                let want = PaginationCheck.sorted(matching, order, key: \.createdAt.microseconds, id: \.id)
                var pages: [String] = []
                var cursor: String?
                while true {
                    let page = try store.listAgents(
                        filter, sortBy: .createdAt, page: F.page(order, limit: 10, after: cursor), cursors: .strict,
                        organizationID: org)
                    pages += page.map(\.id)
                    guard page.count == 10 else { break }
                    cursor = page.last?.id
                }
                #expect(pages == want, "\(tags) \(order)")
            }
            #expect(try store.countAgents(filter, organizationID: org) == matching.count)
        }
    }
}
