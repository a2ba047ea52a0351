import Foundation
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

@Suite("PostgresStore schema", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreSchemaTests {
    static let tables = [
        "agent_documents", "agent_file_parts", "agent_tags", "agents", "api_keys", "block_tags", "blocks", "blocks_agents", "identities",
        "identities_agents", "identities_blocks", "organization_tags", "organizations", "schema_migrations",
    ]

    func tables(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        ).map { $0.string(0) }
    }

    @Test func open_CreatesEveryTableAndRecordsTheVersion_WhenSchemaIsEmpty() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        try PostgresStore(url: url, configuration: .init(size: 1)).close()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        #expect(try tables(connection) == Self.tables)
        #expect(try PostgresMigrator.appliedVersion(connection) == PostgresStore.migrator.latestVersion)
        #expect(PostgresStore.migrator.latestVersion == 7)
        let organizations = try connection.query("SELECT id, name FROM organizations").map { "\($0.string(0)) \($0.string(1))" }
        #expect(organizations == ["\(Actor.defaultOrganizationID) default_org"])
    }

    @Test func open_KeepsDataAndVersion_WhenReopened() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let first = try PostgresStore(url: url, configuration: .init(size: 1))
        let created = try first.createIdentity(StoreFixture.identity("user_1"))
        first.close()
        let second = try PostgresStore(url: url, configuration: .init(size: 1))
        defer { second.close() }
        #expect(try second.identity(id: created.id, organizationID: StoreFixture.org) == created)
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM schema_migrations").first?.int(0) == 7)
        #expect(try connection.query("SELECT count(*) FROM organizations").first?.int(0) == 1)
    }

    @Test func open_MigratesOnce_WhenSeveralStoresStartAtOnceOnAnEmptySchema() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let outcomes = Results()
        onThreads(6) { _ in
            do {
                let store = try PostgresStore(url: url, configuration: .init(size: 1))
                let count = try store.countIdentities(organizationID: StoreFixture.org)
                store.close()
                outcomes.append(.success(String(count)))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        #expect(try outcomes.values.map { try $0.get() } == Array(repeating: "0", count: 6))
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        #expect(try connection.query("SELECT version FROM schema_migrations ORDER BY version").map { $0.int(0) } == [1, 2, 3, 4, 5, 6, 7])
        #expect(try tables(connection) == Self.tables)
        #expect(try connection.query("SELECT count(*) FROM organizations").first?.int(0) == 1)
    }

    @Test func migration2_MovesTheSystemPromptOutOfVersion1Documents() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try PostgresMigrator(migrations: [PostgresStore.migrator.migrations[0]]).migrate(connection)
        let agent = StoreFixture.agent("legacy")
        var document = AgentDocument.encode(agent)
        document.insert(contentsOf: #""system":"You are legacy.","#, at: document.index(after: document.startIndex))
        _ = try connection.run([
            PostgresStatement(
                "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, 0)",
                [.text(StoreFixture.org), .text("default_org")]),
            PostgresStatement(
                "INSERT INTO agents (id, organization_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
                [.text(agent.id), .text(StoreFixture.org), .text(agent.name), .int(agent.createdAt.microseconds)]),
            PostgresStatement("INSERT INTO agent_documents (agent_id, document) VALUES ($1, $2)", [.text(agent.id), .text(document)]),
        ])
        let store = try PostgresStore(url: url, configuration: .init(size: 1))
        defer { store.close() }
        let migrated = try #require(try store.agent(id: agent.id, organizationID: StoreFixture.org))
        #expect(migrated.system == "You are legacy.")
        #expect(migrated.llmConfig == agent.llmConfig)
        #expect(try store.updateAgent(id: agent.id, organizationID: StoreFixture.org) { $0.system = "New." }.system == "New.")
    }

    @Test func open_RefusesSchema_WhenItsVersionIsNewer() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        try PostgresStore(url: url, configuration: .init(size: 1)).close()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try connection.query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [.int(99), .text("future"), .int(0)])
        let error = #expect(throws: PostgresError.self) { try PostgresStore(url: url, configuration: .init(size: 1)) }
        #expect(error?.message.contains("version 99") == true)
    }

    @Test func schema_IndexesEveryForeignKeyColumn() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        try PostgresStore(url: url, configuration: .init(size: 1)).close()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let unindexed = try connection.query(
            """
            SELECT c.conrelid::regclass::text || '.' || a.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
            """
        ).map { $0.string(0) }
        #expect(unindexed == [])
        let foreignKeys = try connection.query(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        ).first?.int(0)
        #expect(foreignKeys == 15)
    }

    @Test func schema_OrdersIDsAndTagsByCodePoint_WhateverTheDatabaseCollation() throws {
        let store = try PostgresFixture.store()
        let tags = ["b", "B", "a", "é", "Z", "_", "-", "ä"]
        _ = try store.createBlock(StoreFixture.block("x", tags: tags))
        let listed = try store.listTags(nameContains: nil, page: StoreFixture.page(.ascending), organizationID: StoreFixture.org)
        #expect(listed == tags.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) })
        #expect(listed == ["-", "B", "Z", "_", "a", "b", "ä", "é"])
    }
}
