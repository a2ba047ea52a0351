import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteStore agent pagination")
struct SQLiteStoreAgentPaginationTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Twelve agents: creation times with ties, distinct update times, and a last run on some only.
    func seeded() throws -> (SQLiteStore, [Agent]) {
        let store = try F.store()
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

    static let cases: [(AgentSortField, SortOrder)] = [
        (.createdAt, .ascending), (.createdAt, .descending), (.updatedAt, .ascending), (.updatedAt, .descending),
        (.lastRunCompletion, .ascending), (.lastRunCompletion, .descending),
    ]

    /// Expected order: `(key, id)` in the order; for last_run_completion, agents that never ran last.
    func expected(_ agents: [Agent], _ field: AgentSortField, _ order: SortOrder) -> [String] {
        switch field {
        case .createdAt:
            return PaginationCheck.sorted(agents, order, key: \.createdAt.microseconds, id: \.id)
        case .updatedAt:
            return PaginationCheck.sorted(agents, order, key: \.updatedAt.microseconds, id: \.id)
        case .lastRunCompletion:
            let ran = agents.filter { $0.lastRunCompletion != nil }
            let never = agents.filter { $0.lastRunCompletion == nil }
            return PaginationCheck.sorted(ran, order, key: { $0.lastRunCompletion!.microseconds }, id: \.id)
                + PaginationCheck.sorted(never, order, key: { _ in 0 }, id: \.id)
        }
    }

    @Test(arguments: cases)
    func listAgents_PagesBySortField_AcrossPageBoundaries(field: AgentSortField, order: SortOrder) throws {
        let (store, agents) = try seeded()
        try PaginationCheck.verify(expected: expected(agents, field, order), order: order, pageSize: 5) { page in
            try store.listAgents(AgentFilter(), sortBy: field, page: page, cursors: .lenient, organizationID: org).map(
                \.id)
        }
    }

    @Test(arguments: cases)
    func listAgents_PagesFilteredByTag_AcrossPageBoundaries(field: AgentSortField, order: SortOrder) throws {
        let (store, agents) = try seeded()
        let even = agents.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        try PaginationCheck.verify(expected: expected(even, field, order), order: order, pageSize: 2) { page in
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

    /// 300 agents: a tag on most of them (listed by scanning the creation index) and a tag on a few
    /// (listed by looking those agents up); both strategies must give the same pages.
    @Test func listAgents_GivesSamePages_WhetherScanningOrDriven() throws {
        let store = try F.store()
        var agents: [Agent] = []
        for index in 0..<300 {
            var tags = index % 10 == 0 ? ["rare"] : ["common"]
            if index % 3 == 0 { tags.append("third") }
            var agent = F.agent("agent \(index)", at: Int64(index / 2), tags: tags)
            agent.hidden = index % 7 == 0 ? true : nil
            agents.append(try store.createAgent(agent, newBlocks: []))
        }
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
        let plans = try store.database.read { db in
            try ["common", "rare"].map { tag in
                let (conditions, restrictions) = try SQLiteStore.agentConditions(
                    AgentFilter(tags: [tag]), organizationID: org, db)
                let query = ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org)
                return try #require(
                    try query.pageStatement(
                        conditions: conditions, sort: .createdAt, page: F.page(.descending, limit: 10),
                        cursors: .strict,
                        restrictions: restrictions, db)
                ).sql
            }
        }
        #expect(
            plans[0].contains("CROSS JOIN agent_tags t ON t.agent_pk = a.pk AND t.tag = ?")
                && !plans[0].contains("a.pk IN") && !plans[0].contains("+a.organization_id"),
            "common tag scans, looking up each row's tag")
        #expect(plans[1].contains(" a.pk IN") && plans[1].contains("+a.organization_id"), "rare tag drives")
    }
}
