import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// Schema migration 7: tag rows copy their agent's `created_at` and `hidden`, and a one-tag page by
/// creation time is one range of `agent_tags_in_page_order`.
@Suite("PostgresStore one-tag pages from the tag index", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreTagPageTests {
    typealias F = StoreFixture

    @Test func migration7_FillsExistingTagRows_AndLaterWritesKeepThemInStep() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try PostgresMigrator(migrations: Array(PostgresStore.migrator.migrations.prefix(6))).migrate(connection)
        let agents = [F.agent("one", at: 5), F.agent("two", at: 5)]
        var statements = [
            PostgresStatement(
                "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, 0)", [.text(F.org), .text("default_org")])
        ]
        for (index, agent) in agents.enumerated() {
            statements += [
                PostgresStatement(
                    "INSERT INTO agents (id, organization_id, name, created_at, updated_at, hidden) VALUES ($1, $2, $3, 5, 5, $4)",
                    [.text(agent.id), .text(F.org), .text(agent.name), .bool(index == 1)]),
                PostgresStatement(
                    "INSERT INTO agent_documents (agent_id, document) VALUES ($1, $2)",
                    [.text(agent.id), .text(AgentDocument.encode(agent))]),
                PostgresStatement(
                    "INSERT INTO agent_tags (agent_id, organization_id, tag) VALUES ($1, $2, 't')", [.text(agent.id), .text(F.org)]),
            ]
        }
        _ = try connection.run(statements)
        let store = try PostgresStore(url: url, configuration: .init(size: 1))
        defer { store.close() }
        let copies = {
            try connection.query("SELECT agent_id, created_at, hidden FROM agent_tags ORDER BY seq", []).map {
                "\($0.string(0)) \($0.int64(1)) \($0.string(2))"
            }
        }
        #expect(try copies() == ["\(agents[0].id) 5 f", "\(agents[1].id) 5 t"])
        let page = { (includeHidden: Bool) in
            try store.listAgents(
                AgentFilter(tags: ["t"], includeHidden: includeHidden), sortBy: .createdAt, page: F.page(.ascending),
                cursors: .strict, organizationID: F.org
            ).map(\.id)
        }
        #expect(try page(false) == [agents[0].id])
        #expect(try page(true) == agents.map(\.id).sorted())

        _ = try store.updateAgent(id: agents[0].id, organizationID: F.org) {
            $0.createdAt = Timestamp(microseconds: 9)
            $0.hidden = true
        }
        _ = try store.updateAgent(id: agents[1].id, organizationID: F.org) { $0.tags = ["t", "u"] }
        #expect(try copies() == ["\(agents[0].id) 9 t", "\(agents[1].id) 5 t", "\(agents[1].id) 5 t"])
        #expect(try page(true) == [agents[1].id, agents[0].id])

        // Two rows favour a sequential scan; without it and without sorting, only the index in page order serves.
        _ = try connection.run([PostgresStatement("SET enable_seqscan = off", []), PostgresStatement("SET enable_sort = off", [])])
        let plan = try connection.query(
            """
            EXPLAIN SELECT a.id FROM agent_tags t JOIN agents a ON a.id = t.agent_id \
            WHERE t.organization_id = $1 AND t.tag = $2 AND NOT t.hidden ORDER BY t.created_at, t.agent_id LIMIT 50
            """, [.text(F.org), .text("t")]
        ).map { $0.string(0) }.joined(separator: "\n")
        #expect(plan.contains("agent_tags_in_page_order"), "\(plan)")
    }
}
