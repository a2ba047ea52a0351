import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteStore agent revisions")
struct SQLiteStoreRevisionTests {
    @Test func migration7_GivesExistingAgentsRevisionOne_AndLaterWritesNewOnes() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let version6 = SQLiteMigrator(migrations: Array(SQLiteStore.migrator.migrations.prefix(6)))
        let old = try SQLiteDatabase(path: file.path, migrator: version6)
        try old.write { db in
            try db.execute(
                """
                INSERT INTO organizations VALUES ('org-1', 'o', 0);
                INSERT INTO agents (pk, id, organization_id, name, created_at, updated_at) VALUES (1, 'agent-1', 'org-1', 'a', 5, 6);
                INSERT INTO agent_documents (agent_pk, document) VALUES (1, '{"agent_type":"memgpt_agent","llm_config":{"model":"m"}}');
                """)
        }
        old.close()
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let migrated = try #require(try store.agent(id: "agent-1", organizationID: "org-1"))
        #expect(migrated.revision == 1)
        let updated = try store.updateAgent(id: "agent-1", organizationID: "org-1") { $0.name = "b" }
        #expect(updated.revision > 1)
        #expect(try store.agent(id: "agent-1", organizationID: "org-1")?.revision == updated.revision)
    }

    @Test func revisionCounter_OnlyGrows_AlsoAcrossADeletedAgentsID() throws {
        let store = try SQLiteStore(path: ":memory:")
        defer { store.close() }
        let agent = try store.createAgent(StoreFixture.agent("A", tags: ["a", "b"]), newBlocks: [])
        let counter = { try store.database.read { db in try db.scalarInt("SELECT value FROM agent_revision_counter") } }
        #expect(try counter() == agent.revision)
        #expect(try store.deleteAgent(id: agent.id, organizationID: StoreFixture.org))
        var again = StoreFixture.agent("A")
        again.id = agent.id
        let recreated = try store.createAgent(again, newBlocks: [])
        #expect(recreated.revision > agent.revision)
        #expect(throws: SQLiteError.self) {
            try store.database.write { db in try db.run("INSERT INTO agent_revision_counter (id, value) VALUES (1, 0)") }
        }
    }
}
