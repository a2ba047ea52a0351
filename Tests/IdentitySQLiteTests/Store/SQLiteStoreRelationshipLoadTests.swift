import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Relationship loads read one index range per owner and sort in memory: no statement builds a
/// temporary B-tree, and lists come back in link order, not in pk or tag order.
@Suite("SQLiteStore relationship loads")
struct SQLiteStoreRelationshipLoadTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// The plan's detail lines for `sql` bound to `owners`.
    func plan(_ store: SQLiteStore, _ sql: String, _ bindings: [SQLiteValue]) throws -> [String] {
        try store.database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + sql, bindings) { $0.string(3) }
        }
    }

    static let queries: [(name: String, query: OwnerQuery)] = [
        ("agent rows", SQLiteStore.agentRowsQuery), ("agent tags", SQLiteStore.agentTagsQuery),
        ("block tags", SQLiteStore.blockTagsQuery), ("agent identities", SQLiteStore.agentIdentitiesQuery),
        ("agent blocks", SQLiteStore.agentBlocksQuery), ("agent block tags", SQLiteStore.agentBlockTagsQuery),
        ("identity links", SQLiteStore.identityLinksQuery),
    ]

    @Test(arguments: queries.map(\.name))
    func relationshipQuery_SearchesIndexesWithoutTempBTree_ForOneAndManyOwners(name: String) throws {
        let store = try F.store()
        let query = try #require(Self.queries.first { $0.name == name }?.query)
        let one = Array(repeating: SQLiteValue.integer(1), count: query.ownerLists)
        let many = Array(repeating: SQLPlaceholders.padded([.integer(1), .integer(2), .integer(3)]), count: query.ownerLists)
            .flatMap { $0 }
        for (sql, bindings) in [
            (query.single, one), (query.template("IN (\(SQLPlaceholders.list(3)))"), many),
        ] {
            let lines = try plan(store, sql, bindings)
            #expect(!lines.isEmpty)
            for line in lines {
                #expect(!line.contains("TEMP B-TREE"), "\(name): \(line) in \(lines)")
                let isFullScan = line.hasPrefix("SCAN ") && !line.contains("USING")
                #expect(!isFullScan, "\(name): full scan \(line) in \(lines)")
            }
        }
        #expect(query.single.contains("= ?") && !query.single.contains("IN ("))
    }

    @Test func agent_ListsTagsIdentitiesAndBlocksInLinkOrder_NotPKOrder() throws {
        let store = try F.store()
        let first = try store.createIdentity(F.identity("first", at: 1))
        let second = try store.createIdentity(F.identity("second", at: 2))
        let human = try store.createBlock(F.block("human", tags: ["zeta", "alpha"]))
        let persona = try store.createBlock(F.block("persona", tags: ["mid"]))
        let created = try store.createAgent(
            F.agent("ordered", tags: ["z", "a", "m"], identities: [second.id, first.id], blocks: [persona.id, human.id]),
            newBlocks: [])
        for agent in [created, try #require(try store.agent(id: created.id, organizationID: org))] {
            #expect(agent.tags == ["z", "a", "m"])
            #expect(agent.identityIDs == [second.id, first.id])
            #expect(agent.identities.map(\.id) == [second.id, first.id])
            #expect(agent.identities.allSatisfy { $0.agentIDs.isEmpty && $0.blockIDs.isEmpty })
            #expect(agent.blockIDs == [persona.id, human.id])
            #expect(agent.blocks.map(\.tags) == [["mid"], ["zeta", "alpha"]])
        }
    }

    @Test func agents_ShareBlocks_EachBlockKeepsItsTagsOnce() throws {
        let store = try F.store()
        let shared = try store.createBlock(F.block("shared", tags: ["s2", "s1"]))
        let own = try store.createBlock(F.block("own", tags: ["o"]))
        let first = try store.createAgent(F.agent("first", at: 1, blocks: [shared.id, own.id]), newBlocks: [])
        let second = try store.createAgent(F.agent("second", at: 2, blocks: [shared.id]), newBlocks: [])
        let listed = try store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.ascending), cursors: .strict, organizationID: org)
        #expect(listed.map(\.id) == [first.id, second.id])
        #expect(listed.map { $0.blocks.map(\.tags) } == [[["s2", "s1"], ["o"]], [["s2", "s1"]]])
        #expect(try store.agent(id: second.id, organizationID: org)?.blocks.map(\.tags) == [["s2", "s1"]])
    }

    @Test func identity_ListsAgentAndBlockIDsInLinkOrder_ForOneAndMany() throws {
        let store = try F.store()
        let agents = try (0..<3).map { try store.createAgent(F.agent("agent \($0)", at: Int64($0)), newBlocks: []) }
        let blocks = try (0..<2).map { try store.createBlock(F.block("label \($0)")) }
        let one = try store.createIdentity(
            F.identity("one", at: 1, agents: [agents[2].id, agents[0].id], blocks: [blocks[1].id, blocks[0].id]))
        let other = try store.createIdentity(F.identity("other", at: 2, agents: [agents[1].id, agents[2].id]))
        let read = try #require(try store.identity(id: one.id, organizationID: org))
        #expect(read.agentIDs == [agents[2].id, agents[0].id])
        #expect(read.blockIDs == [blocks[1].id, blocks[0].id])
        let listed = try store.listIdentities(IdentityFilter(), page: F.page(.ascending), organizationID: org)
        #expect(listed.map(\.agentIDs) == [[agents[2].id, agents[0].id], [agents[1].id, agents[2].id]])
        #expect(listed.map(\.blockIDs) == [[blocks[1].id, blocks[0].id], []])
        #expect(listed.map(\.id) == [one.id, other.id])
    }

    /// Up to `OwnerQuery.perOwnerLimit` owners are loaded one statement per owner, more with one
    /// `IN (…)` list: pages on either side of the limit carry the same relationships as single reads.
    @Test(arguments: [2, OwnerQuery.perOwnerLimit, OwnerQuery.perOwnerLimit + 1, 9])
    func agentPage_CarriesTheRelationshipsOfSingleReads_OnEitherSideOfThePerOwnerLimit(limit: Int) throws {
        let store = try F.store()
        let shared = try store.createBlock(F.block("shared", tags: ["s2", "s1"]))
        let identities = try (0..<3).map { try store.createIdentity(F.identity("user_\($0)", at: Int64($0))) }
        for index in 0..<9 {
            let own = try store.createBlock(F.block("own \(index)", tags: ["o\(index)", "common"]))
            _ = try store.createAgent(
                F.agent(
                    "agent \(index)", at: Int64(10 + index), tags: ["t\(index % 3)", "all"],
                    identities: [identities[index % 3].id, identities[(index + 1) % 3].id],
                    blocks: index % 2 == 0 ? [own.id, shared.id] : [shared.id]),
                newBlocks: [])
        }
        let listed = try store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.ascending, limit: limit), cursors: .strict,
            organizationID: org)
        #expect(listed.count == limit)
        for agent in listed {
            let single = try #require(try store.agent(id: agent.id, organizationID: org))
            #expect(agent == single)
            #expect(agent.tags.count == 2 && agent.identityIDs.count == 2)
            #expect(agent.blocks.last?.tags == ["s2", "s1"])
        }
    }
}
