import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store links")
struct StoreLinkTests {
    typealias F = StoreFixture
    let org = StoreFixture.org
    let everyBlock = BlockFilter(isTemplate: nil, includeHidden: true)

    @Test func createIdentity_ListsEveryMissingIDOnceInOrder_AndWritesNothing() throws {
        let store = try F.anyStore()
        let agent = try store.createAgent(F.agent("a"), newBlocks: [])
        let foreign = try store.createAgent(F.agent("f", org: F.otherOrg), newBlocks: [])
        let missing1 = ObjectID.generate(.agent)
        let missing2 = ObjectID.generate(.agent)
        let identity = F.identity("user_1", agents: [missing1, agent.id, foreign.id, missing2, missing1])
        #expect(throws: StoreError.missingReferences(kind: .agent, ids: [missing1, foreign.id, missing2])) {
            try store.createIdentity(identity)
        }
        #expect(try store.countIdentities(organizationID: org) == 0)
        #expect(try store.agent(id: agent.id, organizationID: org)?.identityIDs == [])
    }

    @Test func createIdentity_ReportsMissingAgentsBeforeMissingBlocks() throws {
        let store = try F.anyStore()
        let agentID = ObjectID.generate(.agent)
        let blockID = ObjectID.generate(.block)
        #expect(throws: StoreError.missingReferences(kind: .agent, ids: [agentID])) {
            try store.createIdentity(F.identity("k", agents: [agentID], blocks: [blockID]))
        }
        #expect(throws: StoreError.missingReferences(kind: .block, ids: [blockID])) {
            try store.createIdentity(F.identity("k", blocks: [blockID]))
        }
    }

    @Test func createIdentity_LinksBothSides_CollapsingDuplicates() throws {
        let store = try F.anyStore()
        let a1 = try store.createAgent(F.agent("a1"), newBlocks: [])
        let a2 = try store.createAgent(F.agent("a2"), newBlocks: [])
        let block = try store.createBlock(F.block("human"))
        let created = try store.createIdentity(
            F.identity("k", agents: [a2.id, a1.id, a2.id], blocks: [block.id, block.id]))
        #expect(created.agentIDs == [a2.id, a1.id])
        #expect(created.blockIDs == [block.id])
        #expect(try store.identity(id: created.id, organizationID: org) == created)
        let agent = try #require(try store.agent(id: a1.id, organizationID: org))
        #expect(agent.identityIDs == [created.id])
        var nested = created
        nested.agentIDs = []
        nested.blockIDs = []
        #expect(agent.identities == [nested])
    }

    @Test func updateIdentity_ReplacesLinkSet_KeepingPositionsOfKeptLinks() throws {
        let store = try F.anyStore()
        let agents = try (0..<4).map { try store.createAgent(F.agent("a\($0)"), newBlocks: []) }
        let created = try store.createIdentity(F.identity("k", agents: [agents[0].id, agents[1].id, agents[2].id]))
        let updated = try store.updateIdentity(id: created.id, organizationID: org) {
            $0.agentIDs = [agents[3].id, agents[2].id, agents[0].id, agents[3].id]
        }
        #expect(updated.agentIDs == [agents[0].id, agents[2].id, agents[3].id])
        #expect(try store.identity(id: created.id, organizationID: org)?.agentIDs == updated.agentIDs)
        #expect(try store.agent(id: agents[1].id, organizationID: org)?.identityIDs == [])
        #expect(try store.agent(id: agents[3].id, organizationID: org)?.identityIDs == [created.id])
    }

    @Test func updateIdentity_WritesNothing_WhenANewLinkIsMissing() throws {
        let store = try F.anyStore()
        let agent = try store.createAgent(F.agent("a"), newBlocks: [])
        let created = try store.createIdentity(F.identity("k"))
        let missing = ObjectID.generate(.block)
        #expect(throws: StoreError.missingReferences(kind: .block, ids: [missing])) {
            try store.updateIdentity(id: created.id, organizationID: org) {
                $0.name = "changed"
                $0.agentIDs = [agent.id]
                $0.blockIDs = [missing]
            }
        }
        #expect(try store.identity(id: created.id, organizationID: org) == created)
    }

    @Test func deleteIdentity_RemovesLinks_AndKeepsAgentsAndBlocks() throws {
        let store = try F.anyStore()
        let block = try store.createBlock(F.block("human"))
        let agent = try store.createAgent(F.agent("a", blocks: [block.id]), newBlocks: [])
        let identity = try store.createIdentity(F.identity("k", agents: [agent.id], blocks: [block.id]))
        #expect(try store.deleteIdentity(id: identity.id, organizationID: org))
        let survivor = try #require(try store.agent(id: agent.id, organizationID: org))
        #expect(survivor.identityIDs == [] && survivor.identities == [] && survivor.blockIDs == [block.id])
        #expect(try store.block(id: block.id, organizationID: org) != nil)
        #expect(
            try store.listBlocks(
                BlockFilter(identityID: identity.id), page: F.page(.ascending), cursors: .lenient,
                organizationID: org) == [])
    }

    @Test func deleteAgent_RemovesTagsAndLinks_AndKeepsBlocksAndIdentities() throws {
        let store = try F.anyStore()
        let identity = try store.createIdentity(F.identity("k"))
        let memory = F.block("persona", tags: ["block-tag"])
        let agent = try store.createAgent(
            F.agent("a", tags: ["agent-tag"], identities: [identity.id], blocks: [memory.id]), newBlocks: [memory])
        #expect(
            try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == [
                "agent-tag", "block-tag",
            ])
        #expect(try store.deleteAgent(id: agent.id, organizationID: org))
        #expect(try store.deleteAgent(id: agent.id, organizationID: org) == false)
        #expect(try store.agent(id: agent.id, organizationID: org) == nil)
        #expect(try store.identity(id: identity.id, organizationID: org)?.agentIDs == [])
        #expect(try store.block(id: memory.id, organizationID: org)?.tags == ["block-tag"])
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == ["block-tag"])
        #expect(try store.countAgents(AgentFilter(blockID: memory.id), organizationID: org) == 0)
    }

    @Test func deleteBlock_RemovesItFromAgentsAndIdentities() throws {
        let store = try F.anyStore()
        let kept = F.block("human")
        let doomed = F.block("persona", tags: ["t"])
        let agent = try store.createAgent(F.agent("a", blocks: [kept.id, doomed.id]), newBlocks: [kept, doomed])
        let identity = try store.createIdentity(F.identity("k", blocks: [doomed.id, kept.id]))
        #expect(try store.deleteBlock(id: doomed.id, organizationID: F.otherOrg) == false)
        #expect(try store.deleteBlock(id: doomed.id, organizationID: org))
        let survivor = try #require(try store.agent(id: agent.id, organizationID: org))
        #expect(survivor.blockIDs == [kept.id] && survivor.blocks.map(\.id) == [kept.id])
        #expect(try store.identity(id: identity.id, organizationID: org)?.blockIDs == [kept.id])
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == [])
    }

    @Test func createAgent_WritesNothing_WhenAnIdentityIsMissing() throws {
        let store = try F.anyStore()
        let missing = ObjectID.generate(.identity)
        let memory = [F.block("human"), F.block("persona")]
        let agent = F.agent("a", tags: ["t"], identities: [missing], blocks: memory.map(\.id))
        #expect(throws: StoreError.missingReferences(kind: .identity, ids: [missing])) {
            try store.createAgent(agent, newBlocks: memory)
        }
        #expect(try store.countBlocks(everyBlock, organizationID: org) == 0)
        #expect(try store.countAgents(AgentFilter(includeHidden: true), organizationID: org) == 0)
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == [])
    }

    @Test func createAgent_AttachesNewAndExistingBlocksInOrder_WithTheirTags() throws {
        let store = try F.anyStore()
        let existing = try store.createBlock(F.block("shared", tags: ["x", "y"]))
        let memory = [F.block("human", tags: ["h"]), F.block("persona")]
        let agent = F.agent("a", blocks: [memory[1].id, existing.id, memory[0].id, existing.id])
        let created = try store.createAgent(agent, newBlocks: memory)
        #expect(created.blockIDs == [memory[1].id, existing.id, memory[0].id])
        #expect(created.blocks.map(\.label) == ["persona", "shared", "human"])
        #expect(created.blocks.map(\.tags) == [[], ["x", "y"], ["h"]])
        #expect(try store.agent(id: agent.id, organizationID: org) == created)
    }

    @Test func createAgent_ThrowsMissingBlocks_WhenABlockIsInAnotherOrganization() throws {
        let store = try F.anyStore()
        let foreign = try store.createBlock(F.block("human", org: F.otherOrg))
        #expect(throws: StoreError.missingReferences(kind: .block, ids: [foreign.id])) {
            try store.createAgent(F.agent("a", blocks: [foreign.id]), newBlocks: [])
        }
    }

    @Test func createAgent_Conflicts_WhenTwoBlocksShareALabel() throws {
        let store = try F.anyStore()
        let memory = [F.block("human"), F.block("human")]
        let agent = F.agent("a", blocks: memory.map(\.id))
        #expect(
            throws: StoreError.conflict(
                kind: .agent, message: "Agent '\(agent.id)' already has a block with label 'human'")
        ) {
            try store.createAgent(agent, newBlocks: memory)
        }
        #expect(try store.countBlocks(everyBlock, organizationID: org) == 0)
    }

    @Test func updateAgent_Conflicts_WhenAttachingASecondBlockWithTheSameLabel() throws {
        let store = try F.anyStore()
        let first = F.block("human")
        let agent = try store.createAgent(F.agent("a", blocks: [first.id]), newBlocks: [first])
        let second = try store.createBlock(F.block("human"))
        #expect(
            throws: StoreError.conflict(
                kind: .agent, message: "Agent '\(agent.id)' already has a block with label 'human'")
        ) {
            try store.updateAgent(id: agent.id, organizationID: org) { $0.blockIDs.append(second.id) }
        }
        let swapped = try store.updateAgent(id: agent.id, organizationID: org) { $0.blockIDs = [second.id] }
        #expect(swapped.blockIDs == [second.id])
    }

    @Test func updateBlock_Conflicts_WhenRenamedToALabelItsAgentAlreadyHas() throws {
        let store = try F.anyStore()
        let human = F.block("human")
        let persona = F.block("persona")
        let agent = try store.createAgent(F.agent("a", blocks: [human.id, persona.id]), newBlocks: [human, persona])
        #expect(
            throws: StoreError.conflict(
                kind: .agent, message: "Agent '\(agent.id)' already has a block with label 'human'")
        ) {
            try store.updateBlock(id: persona.id, organizationID: org) { $0.label = "human" }
        }
        #expect(try store.block(id: persona.id, organizationID: org)?.label == "persona")
        _ = try store.updateBlock(id: persona.id, organizationID: org) { $0.label = "notes" }
        let another = try store.createBlock(F.block("persona"))
        let updated = try store.updateAgent(id: agent.id, organizationID: org) { $0.blockIDs.append(another.id) }
        #expect(updated.blocks.map(\.label) == ["human", "notes", "persona"])
    }

    @Test func updateAgent_ReplacesTagsIdentitiesAndBlocks() throws {
        let store = try F.anyStore()
        let identities = try (0..<3).map { try store.createIdentity(F.identity("k\($0)")) }
        let blocks = try (0..<3).map { try store.createBlock(F.block("b\($0)")) }
        let agent = try store.createAgent(
            F.agent(
                "a", tags: ["t1", "t2"], identities: [identities[0].id, identities[1].id],
                blocks: [blocks[0].id, blocks[1].id]), newBlocks: [])
        let updated = try store.updateAgent(id: agent.id, organizationID: org) {
            $0.tags = ["t3", "t2", "t3"]
            $0.identityIDs = [identities[2].id, identities[1].id]
            $0.blockIDs = [blocks[2].id, blocks[0].id]
            $0.name = "renamed"
            $0.updatedAt = Timestamp(microseconds: 99)
        }
        #expect(updated.tags == ["t2", "t3"])
        #expect(updated.identityIDs == [identities[1].id, identities[2].id])
        #expect(updated.blockIDs == [blocks[0].id, blocks[2].id])
        #expect(updated.name == "renamed" && updated.updatedAt == Timestamp(microseconds: 99))
        #expect(try store.agent(id: agent.id, organizationID: org) == updated)
        #expect(try store.identity(id: identities[0].id, organizationID: org)?.agentIDs == [])
        #expect(try store.identity(id: identities[2].id, organizationID: org)?.agentIDs == [agent.id])
    }

    @Test func updateAgent_WritesNothing_WhenAnIdentityIsMissingOrMutateThrows() throws {
        let store = try F.anyStore()
        let agent = try store.createAgent(F.agent("a", tags: ["t"]), newBlocks: [])
        let missing = ObjectID.generate(.identity)
        #expect(throws: StoreError.missingReferences(kind: .identity, ids: [missing])) {
            try store.updateAgent(id: agent.id, organizationID: org) {
                $0.tags = []
                $0.identityIDs = [missing]
            }
        }
        #expect(throws: StoreError.notFound(kind: .agent, id: agent.id)) {
            try store.updateAgent(id: agent.id, organizationID: F.otherOrg) { $0.name = "x" }
        }
        #expect(try store.agent(id: agent.id, organizationID: org) == agent)
    }
}
