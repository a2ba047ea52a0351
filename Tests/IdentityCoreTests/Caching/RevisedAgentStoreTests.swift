import Testing

@testable import IdentityCore
import IdentityTestSupport

/// The store calls behind the rendering cache, on either backend: revisions change with every write
/// that renders into an agent and never come back, and only refused agents are loaded.
@Suite("IdentityStore revised agent reads")
struct RevisedAgentStoreTests {
    let store: any IdentityStore
    let org = StoreFixture.org

    init() throws {
        store = try makeTestStore()
    }

    func revision(_ id: String) throws -> Int64 {
        try #require(try store.revisedAgent(id: id, organizationID: org) { _, _ in true }).revision
    }

    @Test func loadsOnlyWhatTheCallerRefuses_AtTheRevisionItNames() throws {
        let agents = try (0..<3).map { try store.createAgent(StoreFixture.agent("A\($0)", at: Int64(1_000 + $0), tags: ["t"]), newBlocks: []) }
        var asked: [String: Int64] = [:]
        let page = try store.listRevisedAgents(
            AgentFilter(tags: ["t"]), sortBy: .createdAt, page: PageRequest(limit: 10, order: .ascending), cursors: .strict,
            organizationID: org
        ) { id, revision in
            asked[id] = revision
            return id == agents[1].id
        }
        #expect(page.map(\.id) == agents.map(\.id))
        #expect(page.map { $0.agent == nil } == [false, true, false])
        for entry in page {
            #expect(entry.revision == asked[entry.id])
            if let agent = entry.agent {
                #expect(agent.revision == entry.revision)
                #expect(agent.tags == ["t"])
            }
        }
        #expect(page[0].agent?.name == "A0")
        let one = try #require(try store.revisedAgent(id: agents[2].id, organizationID: org) { _, _ in false })
        #expect(one.agent?.name == "A2")
        #expect(one.agent?.revision == one.revision)
        #expect(try store.revisedAgent(id: agents[2].id, organizationID: StoreFixture.otherOrg) { _, _ in false } == nil)
    }

    @Test func everyRenderedChange_GivesANewRevision() throws {
        let identity = try store.createIdentity(StoreFixture.identity("k"))
        let block = try store.createBlock(StoreFixture.block("human", value: "v", tags: ["bt"]))
        let agent = try store.createAgent(StoreFixture.agent("A"), newBlocks: [])
        var seen: Set<Int64> = [try revision(agent.id)]
        func expectNew(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let next = try revision(agent.id)
            #expect(seen.insert(next).inserted, "\(what) kept revision \(next)", sourceLocation: sourceLocation)
        }
        _ = try store.updateAgent(id: agent.id, organizationID: org) { $0.identityIDs = [identity.id] }
        try expectNew("identity link")
        _ = try store.updateAgent(id: agent.id, organizationID: org) { $0.blockIDs = [block.id] }
        try expectNew("block link")
        _ = try store.updateAgent(id: agent.id, organizationID: org) { $0.tags = ["x"] }
        try expectNew("tags")
        _ = try store.updateIdentity(id: identity.id, organizationID: org) { $0.name = "Renamed" }
        try expectNew("identity name")
        let unchanged = try revision(agent.id)
        _ = try store.updateIdentity(id: identity.id, organizationID: org) { _ in }
        #expect(try revision(agent.id) == unchanged, "an identity write that changes nothing bumps nothing")
        _ = try store.updateBlock(id: block.id, organizationID: org) { $0.value = "new" }
        try expectNew("block value")
        _ = try store.updateBlock(id: block.id, organizationID: org) { $0.tags = ["bt", "more"] }
        try expectNew("block tags")
        #expect(try store.deleteIdentity(id: identity.id, organizationID: org))
        try expectNew("identity deleted")
        #expect(try store.deleteBlock(id: block.id, organizationID: org))
        try expectNew("block deleted")
        #expect(try store.deleteAgent(id: agent.id, organizationID: org))
        #expect(try store.revisedAgent(id: agent.id, organizationID: org) { _, _ in true } == nil)
        var again = StoreFixture.agent("A")
        again.id = agent.id
        _ = try store.createAgent(again, newBlocks: [])
        try expectNew("the same id created again")
    }
}
