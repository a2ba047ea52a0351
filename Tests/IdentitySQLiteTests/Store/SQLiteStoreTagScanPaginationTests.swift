import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// A tag on most agents is listed by scanning a sort index and looking up each row's tags; every
/// sort field, order and cursor must give the same pages as the expected order.
@Suite("SQLiteStore agent pages by a common tag")
struct SQLiteStoreTagScanPaginationTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// 30 agents with creation-time ties and some never run: 24 tagged `common`, every third also
    /// `x`, every seventh hidden, names cycling over three values, every other one linked to `user_1`.
    func seeded() throws -> (SQLiteStore, [Agent]) {
        let store = try F.store()
        let identity = try store.createIdentity(F.identity("user_1"))
        let agents = try (0..<30).map { index in
            var tags = index % 5 == 0 ? ["rare"] : ["common"]
            if index % 3 == 0 { tags.append("x") }
            var agent = F.agent(
                "agent \(index % 3)", at: Int64(index / 2), tags: tags,
                identities: index.isMultiple(of: 2) ? [identity.id] : [])
            agent.updatedAt = Timestamp(microseconds: Int64((index * 7) % 30))
            agent.lastRunCompletion = index % 4 == 0 ? nil : Timestamp(microseconds: Int64(index % 5))
            agent.hidden = index % 7 == 0 ? true : nil
            return try store.createAgent(agent, newBlocks: [])
        }
        _ = try store.createAgent(F.agent("agent 1", org: F.otherOrg, tags: ["common"]), newBlocks: [])
        return (store, agents)
    }

    /// The filters and which agents each keeps.
    var filters: [(AgentFilter, (Agent) -> Bool)] {
        [
            (AgentFilter(tags: ["common"]), { $0.tags.contains("common") && $0.hidden != true }),
            (
                AgentFilter(tags: ["common", "x"]),
                { !Set($0.tags).isDisjoint(with: ["common", "x"]) && $0.hidden != true }
            ),
            (
                AgentFilter(name: "agent 1", tags: ["common"]),
                { $0.name == "agent 1" && $0.tags.contains("common") && $0.hidden != true }
            ),
            (
                AgentFilter(tags: ["common"], identifierKeys: ["user_1"], includeHidden: true),
                { $0.tags.contains("common") && !$0.identityIDs.isEmpty }
            ),
        ]
    }

    @Test(arguments: PaginationCheck.agentSorts)
    func listAgents_PagesByCommonTag_WithEveryCursor(field: AgentSortField, order: SortOrder) throws {
        let (store, agents) = try seeded()
        for (filter, matches) in filters {
            let want = PaginationCheck.sorted(agents.filter(matches), field, order)
            try PaginationCheck.verify(expected: want, order: order, pageSize: 3) { page in
                try store.listAgents(filter, sortBy: field, page: page, cursors: .strict, organizationID: org)
                    .map(\.id)
            }
            #expect(try store.countAgents(filter, organizationID: org) == want.count, "\(filter)")
        }
        let common = try store.database.read { db in
            let (conditions, restrictions) = try SQLiteStore.agentConditions(
                AgentFilter(tags: ["common"]), organizationID: org, db)
            return try #require(
                try ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org).pageStatement(
                    conditions: conditions, sort: SQLiteStore.sortKey(field), page: F.page(order, limit: 3),
                    cursors: .strict, restrictions: restrictions, db))
        }
        #expect(common.sql.contains("CROSS JOIN agent_tags t"), "a page of 3 scans: \(common.sql)")
    }
}
