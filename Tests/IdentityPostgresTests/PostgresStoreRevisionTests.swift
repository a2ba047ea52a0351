import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

@Suite("PostgresStore agent revisions", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreRevisionTests {
    @Test func migration6_GivesExistingAgentsRevisionOne_AndLaterWritesNewOnes() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try PostgresMigrator(migrations: Array(PostgresStore.migrator.migrations.prefix(5))).migrate(connection)
        let agent = StoreFixture.agent("legacy", tags: ["t"])
        _ = try connection.run([
            PostgresStatement(
                "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, 0)", [.text(StoreFixture.org), .text("default_org")]),
            PostgresStatement(
                "INSERT INTO agents (id, organization_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
                [.text(agent.id), .text(StoreFixture.org), .text(agent.name), .int(agent.createdAt.microseconds)]),
            PostgresStatement(
                "INSERT INTO agent_documents (agent_id, document) VALUES ($1, $2)", [.text(agent.id), .text(AgentDocument.encode(agent))]),
        ])
        let store = try PostgresStore(url: url, configuration: .init(size: 1))
        defer { store.close() }
        #expect(try store.agent(id: agent.id, organizationID: StoreFixture.org)?.revision == 1)
        let updated = try store.updateAgent(id: agent.id, organizationID: StoreFixture.org) { $0.tags = ["u", "v"] }
        #expect(updated.revision > 1)
        #expect(try connection.query("SELECT revision FROM agents WHERE id = $1", [.text(agent.id)]).first?.int64(0) == updated.revision)
        let next = try store.updateAgent(id: agent.id, organizationID: StoreFixture.org) { $0.name = "renamed" }
        #expect(next.revision > updated.revision)
    }
}
