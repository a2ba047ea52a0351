import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// How many round trips each call costs: statements that do not depend on each other share one
/// pipeline, and `BEGIN`/`COMMIT` ride along, so the hot calls cost one round trip and none costs more
/// than three. (Counts, not timings: the count is what a query blocks its worker for.)
@Suite("PostgresStore round trips", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreRoundTripTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    func roundTrips(_ store: PostgresStore, _ body: () throws -> Void) rethrows -> Int {
        let before = store.pool.roundTrips
        try body()
        return store.pool.roundTrips - before
    }

    @Test func identityCalls_CostOneRoundTrip_ExceptReadModifyWrites() throws {
        let store = try PostgresFixture.store()
        let agent = try store.createAgent(F.agent("a"), newBlocks: [])
        var identity = F.identity("k")
        #expect(try roundTrips(store) { identity = try store.createIdentity(identity) } == 1)
        #expect(try roundTrips(store) { _ = try store.identity(id: identity.id, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.identity(identifierKey: "k", projectID: nil, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.countIdentities(organizationID: org) } == 1)
        let page = F.page(.descending, limit: 10, after: identity.id)
        #expect(try roundTrips(store) { _ = try store.listIdentities(IdentityFilter(), page: page, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.createIdentity(F.identity("linked", agents: [agent.id])) } == 2)
        #expect(try roundTrips(store) { _ = try store.updateIdentity(id: identity.id, organizationID: org) { $0.name = "x" } } == 2)
        #expect(try roundTrips(store) {
            _ = try store.updateIdentity(id: identity.id, organizationID: org) { $0.agentIDs = [agent.id] }
        } == 3)
        #expect(try roundTrips(store) {
            _ = try store.upsertIdentity(
                identifierKey: "k", projectID: nil, organizationID: org, make: { F.identity("k") }, mutate: { $0.name = "y" })
        } == 2)
        #expect(try roundTrips(store) { _ = try store.deleteIdentity(id: identity.id, organizationID: org) } == 1)
    }

    @Test func agentAndBlockCalls_CostOneOrTwoRoundTrips() throws {
        let store = try PostgresFixture.store()
        let identity = try store.createIdentity(F.identity("k"))
        var block = F.block("shared", tags: ["t"])
        #expect(try roundTrips(store) { block = try store.createBlock(block) } == 1)
        #expect(try roundTrips(store) { _ = try store.block(id: block.id, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.updateBlock(id: block.id, organizationID: org) { $0.value = "v" } } == 2)
        let memory = F.block("human")
        #expect(try roundTrips(store) {
            _ = try store.createAgent(F.agent("plain", tags: ["x"], blocks: [memory.id]), newBlocks: [memory])
        } == 1)
        let agent = F.agent("linked", identities: [identity.id], blocks: [block.id])
        #expect(try roundTrips(store) { _ = try store.createAgent(agent, newBlocks: []) } == 2)
        #expect(try roundTrips(store) { _ = try store.agent(id: agent.id, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.updateAgent(id: agent.id, organizationID: org) { $0.tags = ["y"] } } == 2)
        let filter = AgentFilter(identifierKeys: ["k"])
        #expect(try roundTrips(store) {
            _ = try store.listAgents(filter, sortBy: .createdAt, page: F.page(.descending), cursors: .lenient, organizationID: org)
        } == 2)
        #expect(try roundTrips(store) { _ = try store.countAgents(AgentFilter(tags: ["y"]), organizationID: org) } == 1)
        #expect(try roundTrips(store) {
            _ = try store.listBlocks(BlockFilter(), page: F.page(.ascending), cursors: .lenient, organizationID: org)
        } == 1)
        #expect(try roundTrips(store) { _ = try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.deleteAgent(id: agent.id, organizationID: org) } == 1)
        #expect(try roundTrips(store) { _ = try store.deleteBlock(id: block.id, organizationID: org) } == 1)
    }
}
