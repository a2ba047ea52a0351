import Testing

@testable import IdentityCore
import IdentityTestSupport

/// One-tag agent pages by creation time, which SQLite reads from a tag index in page order that
/// copies each agent's sort key and `hidden` (schema migration 8): the pages must follow every
/// change of the agents, exactly as a filter over the agent rows would, on both backends.
@Suite("Store one-tag agent pages")
struct StoreAgentTagPageTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// 24 agents, three per creation time: `t` on all but every fourth, every fifth hidden.
    func seeded(_ store: any IdentityStore) throws -> [Agent] {
        let agents = try (0..<24).map { index in
            var agent = F.agent("agent \(index)", at: Int64(100 + index / 3), tags: index % 4 == 3 ? ["u"] : ["t", "u"])
            agent.hidden = index % 5 == 0 ? true : (index % 2 == 0 ? false : nil)
            return try store.createAgent(agent, newBlocks: [])
        }
        _ = try store.createAgent(F.agent("elsewhere", org: F.otherOrg, at: 101, tags: ["t"]), newBlocks: [])
        return agents
    }

    /// Checks every page of `filter` in both orders, with every cursor, through both list calls.
    func verifyPages(
        _ store: any IdentityStore, _ filter: AgentFilter, expected agents: [Agent],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for order in [SortOrder.ascending, .descending] {
            let want = PaginationCheck.sorted(agents, .createdAt, order)
            try PaginationCheck.verify(expected: want, order: order, pageSize: 4, sourceLocation: sourceLocation) {
                try store.listAgents(filter, sortBy: .createdAt, page: $0, cursors: .strict, organizationID: org).map(\.id)
            }
            let revised = try store.listRevisedAgents(
                filter, sortBy: .createdAt, page: F.page(order, limit: 5), cursors: .strict, organizationID: org
            ) { _, _ in false }
            #expect(revised.map(\.id) == Array(want.prefix(5)), sourceLocation: sourceLocation)
            #expect(revised.map { $0.agent?.id } == Array(want.prefix(5)), sourceLocation: sourceLocation)
        }
    }

    func tagged(_ agents: [Agent], _ tag: String, includeHidden: Bool) -> [Agent] {
        agents.filter { $0.tags.contains(tag) && (includeHidden || $0.hidden != true) }
    }

    @Test func tagPages_WithAndWithoutHidden_AcrossEqualCreationTimes() throws {
        let store = try F.anyStore()
        let agents = try seeded(store)
        for includeHidden in [false, true] {
            try verifyPages(
                store, AgentFilter(tags: ["t"], includeHidden: includeHidden),
                expected: tagged(agents, "t", includeHidden: includeHidden))
            // The same tag twice, and match_all with one tag, are the one-tag page.
            try verifyPages(
                store, AgentFilter(tags: ["t", "t"], matchAllTags: true, includeHidden: includeHidden),
                expected: tagged(agents, "t", includeHidden: includeHidden))
        }
        #expect(
            try store.listAgents(
                AgentFilter(tags: ["missing"]), sortBy: .createdAt, page: F.page(.ascending), cursors: .strict,
                organizationID: org
            ).isEmpty)
    }

    @Test func cursors_MayBeAnyAgentOfTheOrganization_AndUnknownOnesAreRejected() throws {
        let store = try F.anyStore()
        let agents = try seeded(store)
        let untagged = agents[3]  // created at 101, without `t`
        let want = PaginationCheck.sorted(tagged(agents, "t", includeHidden: false), .createdAt, .ascending)
        let after = try store.listAgents(
            AgentFilter(tags: ["t"]), sortBy: .createdAt, page: F.page(.ascending, after: untagged.id),
            cursors: .strict, organizationID: org
        ).map(\.id)
        let position = PaginationCheck.sorted(agents, .createdAt, .ascending).firstIndex(of: untagged.id)!
        let later = Set(PaginationCheck.sorted(agents, .createdAt, .ascending)[(position + 1)...])
        #expect(after == want.filter(later.contains))
        let foreign = try #require(
            try store.listAgents(
                AgentFilter(tags: ["t"]), sortBy: .createdAt, page: F.page(.ascending), cursors: .strict,
                organizationID: F.otherOrg
            ).first)
        #expect(throws: StoreError.cursorNotFound(kind: .agent, id: foreign.id)) {
            try store.listAgents(
                AgentFilter(tags: ["t"]), sortBy: .createdAt, page: F.page(.ascending, after: foreign.id),
                cursors: .strict, organizationID: org)
        }
        #expect(
            try store.listAgents(
                AgentFilter(tags: ["t"]), sortBy: .createdAt, page: F.page(.ascending, limit: 3, after: foreign.id),
                cursors: .lenient, organizationID: org
            ).map(\.id) == Array(want.prefix(3)))
    }

    @Test func pagesFollowChangedTags_CreationTimes_HiddenFlags_AndDeletions() throws {
        let store = try F.anyStore()
        var agents = try seeded(store)
        func update(_ index: Int, _ change: (inout Agent) -> Void) throws {
            agents[index] = try store.updateAgent(id: agents[index].id, organizationID: org) { change(&$0) }
        }
        try update(3) { $0.tags = ["t"] }  // gains the tag
        try update(1) { $0.tags = ["u"] }  // loses it
        try update(2) { $0.createdAt = Timestamp(microseconds: 50) }  // moves to the front
        try update(4) { $0.createdAt = Timestamp(microseconds: 107) }  // ties with the last ones
        try update(6) { $0.hidden = true }
        try update(10) { $0.hidden = nil }
        #expect(try store.deleteAgent(id: agents[8].id, organizationID: org))
        agents.remove(at: 8)
        for includeHidden in [false, true] {
            try verifyPages(
                store, AgentFilter(tags: ["t"], includeHidden: includeHidden),
                expected: tagged(agents, "t", includeHidden: includeHidden))
        }
        #expect(try store.countAgents(AgentFilter(tags: ["t"]), organizationID: org)
            == tagged(agents, "t", includeHidden: false).count)
    }
}
