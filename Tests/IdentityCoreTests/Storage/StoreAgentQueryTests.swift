import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store agent lists")
struct StoreAgentQueryTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Agents with distinct filter values, two identities keyed `user_1` (projects nil and "p")
    /// both linked to `both`, and a block attached to two agents.
    struct Fixture {
        let store: any IdentityStore & TenantStore
        let alpha: Agent, beta: Agent, gamma: Agent, both: Agent, hidden: Agent
        let user1: Identity, user1p: Identity, user2: Identity
        let block: Block
        var all: [Agent] { [alpha, beta, gamma, both, hidden] }
    }

    func fixture() throws -> Fixture {
        let store = try F.anyStore()
        let block = try store.createBlock(F.block("human"))
        func make(
            _ name: String, at: Int64, tags: [String], blocks: [String] = [], _ edit: (inout Agent) -> Void = { _ in }
        )
            throws -> Agent
        {
            var agent = F.agent(name, at: at, tags: tags, blocks: blocks)
            edit(&agent)
            return try store.createAgent(agent, newBlocks: [])
        }
        let alpha = try make("Alpha", at: 1, tags: ["a", "common"], blocks: [block.id]) {
            $0.projectID = "p1"
            $0.templateID = "t1"
            $0.baseTemplateID = "bt1"
            $0.lastStopReason = "end_turn"
            $0.createdByID = "user-a"
        }
        let beta = try make("Beta", at: 2, tags: ["b", "common"]) {
            $0.projectID = "p2"
            $0.lastStopReason = "max_steps"
            $0.hidden = false
        }
        let gamma = try make("alphabet soup", at: 3, tags: ["a", "b"], blocks: [block.id]) {
            $0.projectID = "p1"
            $0.templateID = "t2"
            $0.createdByID = "user-a"
        }
        let both = try make("Both", at: 4, tags: []) { $0.baseTemplateID = "bt1" }
        let hidden = try make("Alpha", at: 5, tags: ["a"]) { $0.hidden = true }
        _ = try store.createAgent(F.agent("Alpha", org: F.otherOrg, tags: ["a"]), newBlocks: [])
        let user1 = try store.createIdentity(F.identity("user_1", agents: [alpha.id, both.id]))
        let user1p = try store.createIdentity(F.identity("user_1", project: "p", agents: [both.id, hidden.id]))
        let user2 = try store.createIdentity(F.identity("user_2", agents: [beta.id, both.id]))
        return Fixture(
            store: store, alpha: alpha, beta: beta, gamma: gamma, both: both, hidden: hidden, user1: user1,
            user1p: user1p, user2: user2, block: block)
    }

    /// Names of the listed agents (ascending by creation), after checking the count agrees.
    func names(
        _ fixture: Fixture, _ filter: AgentFilter, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String] {
        let agents = try fixture.store.listAgents(
            filter, sortBy: .createdAt, page: F.page(.ascending), cursors: .lenient, organizationID: org)
        #expect(
            try fixture.store.countAgents(filter, organizationID: org) == agents.count, "count agrees with list",
            sourceLocation: sourceLocation)
        return agents.map { "\($0.name)@\($0.createdAt.microseconds)" }
    }

    @Test func listAgents_AppliesEachFilterAlone() throws {
        let f = try fixture()
        #expect(try names(f, AgentFilter()) == ["Alpha@1", "Beta@2", "alphabet soup@3", "Both@4"])
        #expect(
            try names(f, AgentFilter(includeHidden: true)) == [
                "Alpha@1", "Beta@2", "alphabet soup@3", "Both@4", "Alpha@5",
            ])
        #expect(try names(f, AgentFilter(name: "Alpha")) == ["Alpha@1"])
        #expect(try names(f, AgentFilter(name: "alpha")) == [])
        #expect(try names(f, AgentFilter(queryText: "ALPHA")) == ["Alpha@1", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(queryText: "%")) == [])
        #expect(try names(f, AgentFilter(projectID: "p1")) == ["Alpha@1", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(templateID: "t2")) == ["alphabet soup@3"])
        #expect(try names(f, AgentFilter(baseTemplateID: "bt1")) == ["Alpha@1", "Both@4"])
        #expect(try names(f, AgentFilter(lastStopReason: "max_steps")) == ["Beta@2"])
        #expect(try names(f, AgentFilter(createdByID: "user-a")) == ["Alpha@1", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(identityID: f.user2.id)) == ["Beta@2", "Both@4"])
        #expect(try names(f, AgentFilter(identityID: ObjectID.generate(.identity))) == [])
        #expect(try names(f, AgentFilter(blockID: f.block.id)) == ["Alpha@1", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(blockID: ObjectID.generate(.block))) == [])
    }

    @Test func listAgents_MatchesAnyOrAllTags_EachAgentOnce() throws {
        let f = try fixture()
        #expect(try names(f, AgentFilter(tags: ["a"])) == ["Alpha@1", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(tags: ["a", "b"])) == ["Alpha@1", "Beta@2", "alphabet soup@3"])
        #expect(try names(f, AgentFilter(tags: ["a", "b", "a"], matchAllTags: true)) == ["alphabet soup@3"])
        #expect(try names(f, AgentFilter(tags: ["a", "common"], matchAllTags: true)) == ["Alpha@1"])
        #expect(try names(f, AgentFilter(tags: ["a", "missing"], matchAllTags: true)) == [])
        #expect(try names(f, AgentFilter(tags: ["A"])) == [])
        #expect(try names(f, AgentFilter(tags: ["missing"])) == [])
        #expect(
            try names(f, AgentFilter(tags: ["a"], includeHidden: true)) == ["Alpha@1", "alphabet soup@3", "Alpha@5"])
    }

    @Test func listAgents_MatchesIdentifierKeysInEveryProject_EachAgentOnce() throws {
        let f = try fixture()
        #expect(try names(f, AgentFilter(identifierKeys: ["user_1"])) == ["Alpha@1", "Both@4"])
        #expect(
            try names(f, AgentFilter(identifierKeys: ["user_1"], includeHidden: true)) == [
                "Alpha@1", "Both@4", "Alpha@5",
            ])
        #expect(
            try names(f, AgentFilter(identifierKeys: ["user_1", "user_2", "user_1"])) == [
                "Alpha@1", "Beta@2", "Both@4",
            ])
        #expect(try names(f, AgentFilter(identifierKeys: ["nobody"])) == [])
        // identity_id and identifier_keys must hold for the same linked identity.
        #expect(try names(f, AgentFilter(identityID: f.user2.id, identifierKeys: ["user_1"])) == [])
        #expect(
            try names(f, AgentFilter(identityID: f.user1p.id, identifierKeys: ["user_1"], includeHidden: true))
                == ["Both@4", "Alpha@5"])
    }

    @Test func listAgents_CombinesFilters() throws {
        let f = try fixture()
        #expect(
            try names(f, AgentFilter(tags: ["a"], projectID: "p1", createdByID: "user-a")) == [
                "Alpha@1", "alphabet soup@3",
            ])
        #expect(try names(f, AgentFilter(tags: ["common"], identifierKeys: ["user_2"])) == ["Beta@2"])
        #expect(
            try names(f, AgentFilter(name: "Alpha", tags: ["a"], identifierKeys: ["user_1"], includeHidden: true))
                == ["Alpha@1", "Alpha@5"])
        #expect(try names(f, AgentFilter(queryText: "alpha", templateID: "t1", blockID: f.block.id)) == ["Alpha@1"])
        #expect(
            try names(
                f,
                AgentFilter(
                    tags: ["b"], matchAllTags: true, queryText: "soup", projectID: "p1",
                    identityID: nil, blockID: f.block.id)) == ["alphabet soup@3"])
        #expect(try names(f, AgentFilter(tags: ["b"], lastStopReason: "end_turn")) == [])
    }

    @Test func listAgents_FillsRelationshipsOfEveryAgent() throws {
        let f = try fixture()
        let agents = try f.store.listAgents(
            AgentFilter(identifierKeys: ["user_1"]), sortBy: .createdAt, page: F.page(.ascending), cursors: .lenient,
            organizationID: org)
        let alpha = try #require(agents.first)
        let both = try #require(agents.last)
        #expect(alpha.tags == ["a", "common"])
        #expect(alpha.blockIDs == [f.block.id] && alpha.blocks.map(\.id) == [f.block.id])
        #expect(alpha.identityIDs == [f.user1.id])
        #expect(both.identityIDs == [f.user1.id, f.user1p.id, f.user2.id])
        #expect(both.identities.map(\.identifierKey) == ["user_1", "user_1", "user_2"])
        // Nested identities carry no link lists of their own (they render with empty ones).
        #expect(both.identities.allSatisfy { $0.agentIDs.isEmpty && $0.blockIDs.isEmpty })
        #expect(try f.store.agent(id: f.both.id, organizationID: org) == both)
    }

    @Test func listAgents_FillsBlocksWithTagsInAttachmentOrder() throws {
        let store = try F.anyStore()
        let human = try store.createBlock(F.block("human", tags: ["h1", "h2"]))
        let persona = try store.createBlock(F.block("persona", tags: ["p"]))
        let notes = F.block("notes", tags: ["n"])
        let first = try store.createAgent(F.agent("first", at: 1, blocks: [persona.id, human.id]), newBlocks: [])
        let second = try store.createAgent(
            F.agent("second", at: 2, blocks: [human.id, notes.id, persona.id]), newBlocks: [notes])
        _ = try store.updateAgent(id: first.id, organizationID: org) { $0.blockIDs = [persona.id, notes.id, human.id] }
        let listed = try store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.ascending), cursors: .strict, organizationID: org)
        #expect(listed.map(\.blockIDs) == [[persona.id, human.id, notes.id], [human.id, notes.id, persona.id]])
        #expect(listed.map { $0.blocks.map(\.id) } == listed.map(\.blockIDs))
        #expect(listed[1].blocks.map(\.tags) == [["h1", "h2"], ["n"], ["p"]])
        #expect(listed.map(\.id) == [first.id, second.id])
    }

    @Test func listAgents_IsEmptyForAnotherOrganization_AndIgnoresForeignCursors() throws {
        let f = try fixture()
        let foreign = try f.store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.ascending), cursors: .lenient, organizationID: F.otherOrg)
        #expect(foreign.map(\.name) == ["Alpha"])
        #expect(foreign.first?.tags == ["a"])
        let lenient = try f.store.listAgents(
            AgentFilter(), sortBy: .createdAt, page: F.page(.ascending, after: foreign[0].id), cursors: .lenient,
            organizationID: org)
        #expect(lenient.count == 4)
        #expect(throws: StoreError.cursorNotFound(kind: .agent, id: foreign[0].id)) {
            try f.store.listAgents(
                AgentFilter(), sortBy: .createdAt, page: F.page(.ascending, before: foreign[0].id), cursors: .strict,
                organizationID: org)
        }
        #expect(try f.store.countAgents(AgentFilter(identityID: f.user1.id), organizationID: F.otherOrg) == 0)
        #expect(try f.store.agent(id: f.alpha.id, organizationID: F.otherOrg) == nil)
    }
}
