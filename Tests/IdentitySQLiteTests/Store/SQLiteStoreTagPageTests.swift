import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Schema migration 8: tag entries copy their agent's (created_at, id), and a one-tag page by
/// creation time is one range of `agent_tags_in_page_order`.
@Suite("SQLiteStore one-tag pages from the tag index")
struct SQLiteStoreTagPageTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Every tag row's copies as "tag agent_id created_at hidden", in rowid order.
    func copies(_ store: SQLiteStore) throws -> [String] {
        try store.database.read { db in
            try db.query("SELECT tag, agent_id, created_at, hidden FROM agent_tags ORDER BY seq", []) {
                "\($0.string(0)) \($0.string(1)) \($0.int(2) as Int64) \($0.int(3) as Int64)"
            }
        }
    }

    @Test func migration8_FillsExistingTagRows_AndLaterWritesKeepThemInStep() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let version7 = SQLiteMigrator(migrations: Array(SQLiteStore.migrator.migrations.prefix(7)))
        let old = try SQLiteDatabase(path: file.path, migrator: version7)
        try old.write { db in
            try db.execute(
                """
                INSERT INTO organizations VALUES ('\(org)', 'o', 0);
                INSERT INTO agents (pk, id, organization_id, name, created_at, updated_at, hidden)
                    VALUES (1, 'agent-1', '\(org)', 'a', 5, 6, NULL), (2, 'agent-2', '\(org)', 'b', 5, 6, 1);
                INSERT INTO agent_documents (agent_pk, document) VALUES
                    (1, '{"agent_type":"memgpt_agent","llm_config":{"model":"m"}}'),
                    (2, '{"agent_type":"memgpt_agent","llm_config":{"model":"m"}}');
                INSERT INTO agent_tags (agent_pk, organization_id, tag, hidden) VALUES
                    (1, '\(org)', 't', 0), (2, '\(org)', 't', 1), (2, '\(org)', 'u', 1);
                """)
        }
        old.close()
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        #expect(try copies(store) == ["t agent-1 5 0", "t agent-2 5 1", "u agent-2 5 1"])
        let page = { (includeHidden: Bool) in
            try store.listAgents(
                AgentFilter(tags: ["t"], includeHidden: includeHidden), sortBy: .createdAt, page: F.page(.descending),
                cursors: .strict, organizationID: self.org
            ).map(\.id)
        }
        #expect(try page(true) == ["agent-2", "agent-1"])
        #expect(try page(false) == ["agent-1"])

        _ = try store.updateAgent(id: "agent-1", organizationID: org) { $0.createdAt = Timestamp(microseconds: 9) }
        _ = try store.updateAgent(id: "agent-2", organizationID: org) { $0.tags = ["u", "v"] }
        #expect(try copies(store) == ["t agent-1 9 0", "u agent-2 5 1", "v agent-2 5 1"])
        #expect(try page(true) == ["agent-1"])
    }

    @Test func oneTagPage_IsARangeOfThePageOrderIndex_OtherFiltersKeepTheirPlan() throws {
        let store = try F.store()
        for index in 0..<40 {
            _ = try store.createAgent(F.agent("agent \(index)", at: Int64(index), tags: ["t"]), newBlocks: [])
        }
        let first = try store.listAgents(
            AgentFilter(tags: ["t"]), sortBy: .createdAt, page: F.page(.descending, limit: 1), cursors: .strict,
            organizationID: org)
        let statement = { (filter: AgentFilter, sort: AgentSortField) in
            try store.database.read { db in
                try #require(
                    try SQLiteStore.agentPageStatement(
                        columns: "a.pk", filter, sortBy: sort, page: F.page(.descending, limit: 5, before: first[0].id),
                        cursors: .strict, organizationID: self.org, db))
            }
        }
        let tagPage = try statement(AgentFilter(tags: ["t"]), .createdAt)
        let plan = try store.database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + tagPage.sql, tagPage.bindings) { $0.string(3) }
        }
        #expect(plan.count == 2, "\(plan)")
        // Descending, `before` keeps the later entries.
        let range = "USING COVERING INDEX agent_tags_in_page_order (organization_id=? AND tag=? AND (created_at,agent_id)>(?,?))"
        #expect(plan.first?.contains(range) == true, "\(plan)")
        #expect(plan.last?.contains("USING INTEGER PRIMARY KEY (rowid=?)") == true, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        for (filter, sort) in [
            (AgentFilter(tags: ["t"]), AgentSortField.updatedAt), (AgentFilter(tags: ["t", "u"]), .createdAt),
            (AgentFilter(tags: ["t"], projectID: "p"), .createdAt),
        ] {
            #expect(!(try statement(filter, sort).sql.contains("agent_tags_in_page_order")), "\(filter) \(sort)")
        }
    }
}
