import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Tag counts answered from tag entries and the tag directory's counters (schema migration 5):
/// they must equal the general count over agent rows through every kind of write.
@Suite("SQLiteStore tag counts")
struct SQLiteStoreTagCountTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Every tags-only filter over `tags`: one, two and three tags, any and all, with and without
    /// hidden agents, with a repeated tag.
    static func filters(_ tags: [String]) -> [AgentFilter] {
        var lists = tags.map { [$0] }
        for first in tags.indices {
            for second in tags.indices where second > first { lists.append([tags[first], tags[second]]) }
        }
        lists.append(Array(tags.prefix(3)))
        lists.append([tags[0], tags[0], tags[1]])
        return lists.flatMap { list in
            [false, true].flatMap { matchAll in
                [false, true].map { AgentFilter(tags: list, matchAllTags: matchAll, includeHidden: $0) }
            }
        }
    }

    /// The count through the general path: agent rows tested by `ListQuery`.
    func generalCount(_ store: SQLiteStore, _ filter: AgentFilter, organizationID: String) throws -> Int {
        try store.database.read { db in
            let (conditions, restrictions) = try SQLiteStore.agentConditions(filter, organizationID: organizationID, db)
            return try ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: organizationID)
                .count(conditions: conditions, restrictions: restrictions, db)
        }
    }

    /// The tag directory's agent counters and each tag row's `hidden` agree with a recount.
    func expectCountersMatch(_ store: SQLiteStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try store.database.read { db in
            let wrongCounters = try db.scalarInt(
                """
                SELECT count(*) FROM organization_tags o WHERE o.agents IS NOT (
                    SELECT count(*) FROM agent_tags t WHERE t.organization_id = o.organization_id AND t.tag = o.tag)
                OR o.hidden_agents IS NOT (
                    SELECT count(*) FROM agent_tags t JOIN agents a ON a.pk = t.agent_pk
                    WHERE t.organization_id = o.organization_id AND t.tag = o.tag AND a.hidden IS 1)
                OR o.carriers IS NOT o.agents + (
                    SELECT count(*) FROM block_tags t WHERE t.organization_id = o.organization_id AND t.tag = o.tag)
                """)
            #expect(wrongCounters == 0, "counters differ from a recount", sourceLocation: sourceLocation)
            let wrongCopies = try db.scalarInt(
                "SELECT count(*) FROM agent_tags t JOIN agents a ON a.pk = t.agent_pk WHERE t.hidden IS NOT (a.hidden IS 1)")
            #expect(wrongCopies == 0, "agent_tags.hidden differs from the agent", sourceLocation: sourceLocation)
        }
    }

    /// Every tags-only count equals the general count in both organizations.
    func expectCountsAgree(
        _ store: SQLiteStore, tags: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectCountersMatch(store, sourceLocation: sourceLocation)
        for organizationID in [org, F.otherOrg] {
            for filter in Self.filters(tags) {
                #expect(SQLiteStore.isTagsOnly(filter))
                #expect(
                    try store.countAgents(filter, organizationID: organizationID)
                        == generalCount(store, filter, organizationID: organizationID),
                    "\(filter.tags) all: \(filter.matchAllTags) hidden: \(filter.includeHidden)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test func countAgents_ByTagsOnly_AgreesWithAgentRows_ThroughEveryWrite() throws {
        let store = try F.store()
        let tags = ["red", "green", "blue", "shared"]
        var agents: [Agent] = []
        for index in 0..<40 {
            var agent = F.agent(
                "agent \(index)", org: index % 5 == 4 ? F.otherOrg : org, at: Int64(index),
                tags: tags.indices.filter { index % ($0 + 2) == 0 }.map { tags[$0] })
            agent.hidden = [nil, false, true][index % 3]
            agents.append(try store.createAgent(agent, newBlocks: []))
        }
        _ = try store.createBlock(F.block("b", tags: ["shared", "blocks-only"]))
        try expectCountsAgree(store, tags: tags + ["blocks-only", "missing"])
        #expect(try store.countAgents(AgentFilter(tags: ["blocks-only"]), organizationID: org) == 0)

        for agent in agents.prefix(12) {
            _ = try store.updateAgent(id: agent.id, organizationID: agent.organizationID) { updated in
                updated.hidden = updated.hidden == true ? false : true
            }
        }
        try expectCountsAgree(store, tags: tags)
        for (offset, agent) in agents.dropFirst(12).prefix(12).enumerated() {
            _ = try store.updateAgent(id: agent.id, organizationID: agent.organizationID) { updated in
                updated.tags = offset.isMultiple(of: 2) ? ["red", "blue"] : []
                if offset.isMultiple(of: 3) { updated.hidden = true }
            }
        }
        try expectCountsAgree(store, tags: tags)
        for agent in agents.suffix(10) {
            #expect(try store.deleteAgent(id: agent.id, organizationID: agent.organizationID))
        }
        try expectCountsAgree(store, tags: tags)
    }

    @Test func countAgents_ByOneTag_ReadsTheCounters() throws {
        let store = try F.store()
        for index in 0..<6 {
            var agent = F.agent("agent \(index)", tags: ["t"])
            agent.hidden = index < 2 ? true : nil
            _ = try store.createAgent(agent, newBlocks: [])
        }
        _ = try store.createAgent(F.agent("elsewhere", org: F.otherOrg, tags: ["t"]), newBlocks: [])
        #expect(try store.countAgents(AgentFilter(tags: ["t"]), organizationID: org) == 4)
        #expect(try store.countAgents(AgentFilter(tags: ["t", "t"], matchAllTags: true), organizationID: org) == 4)
        #expect(try store.countAgents(AgentFilter(tags: ["t"], includeHidden: true), organizationID: org) == 6)
        #expect(try store.countAgents(AgentFilter(tags: ["t"]), organizationID: F.otherOrg) == 1)
        #expect(try store.countAgents(AgentFilter(tags: ["u"]), organizationID: org) == 0)
    }

    @Test func isTagsOnly_IsFalse_WhenAnyOtherFilterIsSet() {
        #expect(!SQLiteStore.isTagsOnly(AgentFilter()))
        #expect(SQLiteStore.isTagsOnly(AgentFilter(tags: ["t"], matchAllTags: true, includeHidden: true)))
        #expect(!SQLiteStore.isTagsOnly(AgentFilter(name: "n", tags: ["t"])))
        #expect(!SQLiteStore.isTagsOnly(AgentFilter(tags: ["t"], projectID: "p")))
        #expect(!SQLiteStore.isTagsOnly(AgentFilter(tags: ["t"], identifierKeys: ["k"])))
        #expect(!SQLiteStore.isTagsOnly(AgentFilter(tags: ["t"], blockID: "b")))
    }

    @Test func migration6_CopiesHiddenAndFillsCounters_InAnExistingDatabase() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let connection = try SQLiteConnection(path: file.path)
        let upToVersion4 = SQLiteMigrator(migrations: SQLiteStore.migrator.migrations.filter { $0.version <= 4 })
        try upToVersion4.migrate(connection)
        #expect(try SQLiteMigrator.userVersion(connection) == 4)
        try connection.execute(
            """
            INSERT INTO organizations (id, name, created_at) VALUES ('\(org)', 'default_org', 1);
            INSERT INTO agents (pk, id, organization_id, name, created_at, updated_at, hidden) VALUES
                (1, 'agent-1', '\(org)', 'one', 1, 1, NULL), (2, 'agent-2', '\(org)', 'two', 2, 2, 1),
                (3, 'agent-3', '\(org)', 'three', 3, 3, 0), (4, 'agent-4', '\(org)', 'four', 4, 4, 1);
            INSERT INTO agent_documents (agent_pk, document) VALUES (1, '{}'), (2, '{}'), (3, '{}'), (4, '{}');
            INSERT INTO agent_tags (agent_pk, organization_id, tag) VALUES
                (1, '\(org)', 'x'), (2, '\(org)', 'x'), (3, '\(org)', 'x'), (2, '\(org)', 'y'), (4, '\(org)', 'y');
            INSERT INTO blocks (pk, id, organization_id, metadata, value_limit, is_template, read_only, created_at, value)
                VALUES (1, 'block-1', '\(org)', '{}', 100, 0, 0, 1, '');
            INSERT INTO block_tags (block_pk, organization_id, tag) VALUES (1, '\(org)', 'x'), (1, '\(org)', 'z');
            """)
        connection.close()

        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let counters = try store.database.read { db in
            try db.query("SELECT tag, carriers, agents, hidden_agents FROM organization_tags ORDER BY tag") {
                "\($0.string(0)) \($0.int(1) as Int) \($0.int(2) as Int) \($0.int(3) as Int)"
            }
        }
        #expect(counters == ["x 4 3 1", "y 2 2 2", "z 1 0 0"])
        try expectCountersMatch(store)
        #expect(try store.countAgents(AgentFilter(tags: ["x"]), organizationID: org) == 2)
        #expect(try store.countAgents(AgentFilter(tags: ["y"]), organizationID: org) == 0)
        #expect(try store.countAgents(AgentFilter(tags: ["x", "y"], includeHidden: true), organizationID: org) == 4)
        #expect(try store.countAgents(AgentFilter(tags: ["x", "y"], matchAllTags: true, includeHidden: true), organizationID: org) == 1)
        #expect(try store.countAgents(AgentFilter(tags: ["z"]), organizationID: org) == 0)
        #expect(try store.listTags(nameContains: nil, page: F.page(.ascending), organizationID: org) == ["x", "y", "z"])

        _ = try store.updateAgent(id: "agent-4", organizationID: org) { $0.hidden = false }
        _ = try store.updateAgent(id: "agent-1", organizationID: org) { $0.tags = ["y"] }
        try expectCountersMatch(store)
        #expect(try store.countAgents(AgentFilter(tags: ["y"]), organizationID: org) == 2)
        #expect(try store.countAgents(AgentFilter(tags: ["x"]), organizationID: org) == 1)
    }
}
