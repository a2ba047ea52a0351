import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store organization isolation")
struct StoreIsolationTests {
    typealias F = StoreFixture
    let org = StoreFixture.org
    let other = StoreFixture.otherOrg

    @Test func secondOrganization_SeesNothingOfTheFirst() throws {
        let store = try F.anyStore()
        let block = F.block("human", tags: ["bt"])
        let agent = try store.createAgent(F.agent("a", tags: ["at"], blocks: [block.id]), newBlocks: [block])
        let identity = try store.createIdentity(F.identity("user_1", agents: [agent.id], blocks: [block.id]))
        let everyAgent = AgentFilter(includeHidden: true)
        let everyBlock = BlockFilter(isTemplate: nil, includeHidden: true)

        #expect(try store.identity(id: identity.id, organizationID: other) == nil)
        #expect(try store.identity(identifierKey: "user_1", projectID: nil, organizationID: other) == nil)
        #expect(try store.agent(id: agent.id, organizationID: other) == nil)
        #expect(try store.block(id: block.id, organizationID: other) == nil)
        #expect(try store.listIdentities(IdentityFilter(), page: F.page(.ascending), organizationID: other) == [])
        #expect(try store.countIdentities(organizationID: other) == 0)
        #expect(
            try store.listAgents(
                everyAgent, sortBy: .createdAt, page: F.page(.ascending), cursors: .lenient,
                organizationID: other) == [])
        #expect(try store.countAgents(everyAgent, organizationID: other) == 0)
        #expect(
            try store.countAgents(AgentFilter(tags: ["at"], identifierKeys: ["user_1"]), organizationID: other) == 0)
        #expect(
            try store.listBlocks(everyBlock, page: F.page(.ascending), cursors: .lenient, organizationID: other) == [])
        #expect(try store.countBlocks(everyBlock, organizationID: other) == 0)
        #expect(try store.countBlocks(BlockFilter(identityID: identity.id), organizationID: other) == 0)
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: other) == [])

        #expect(throws: StoreError.notFound(kind: .identity, id: identity.id)) {
            try store.updateIdentity(id: identity.id, organizationID: other) { $0.name = "x" }
        }
        #expect(throws: StoreError.notFound(kind: .agent, id: agent.id)) {
            try store.updateAgent(id: agent.id, organizationID: other) { $0.name = "x" }
        }
        #expect(throws: StoreError.notFound(kind: .block, id: block.id)) {
            try store.updateBlock(id: block.id, organizationID: other) { $0.value = "x" }
        }
        #expect(try store.deleteIdentity(id: identity.id, organizationID: other) == false)
        #expect(try store.deleteAgent(id: agent.id, organizationID: other) == false)
        #expect(try store.deleteBlock(id: block.id, organizationID: other) == false)

        #expect(throws: StoreError.missingReferences(kind: .agent, ids: [agent.id])) {
            try store.createIdentity(F.identity("user_1", org: other, agents: [agent.id]))
        }
        #expect(throws: StoreError.missingReferences(kind: .identity, ids: [identity.id])) {
            try store.createAgent(F.agent("b", org: other, identities: [identity.id]), newBlocks: [])
        }
        #expect(throws: StoreError.cursorNotFound(kind: .identity, id: identity.id)) {
            try store.listIdentities(
                IdentityFilter(), page: F.page(.ascending, after: identity.id), organizationID: other)
        }
        #expect(try store.agent(id: agent.id, organizationID: org)?.identityIDs == [identity.id])
    }

    @Test func ensureOrganization_IsIdempotent() throws {
        let store = try F.anyStore()
        try store.ensureOrganization(id: other, name: "renamed")
        try store.ensureOrganization(id: org, name: "default_org")
        #expect(try storedOrganizationNames(store) == ["default_org", "other_org"])
    }
}
