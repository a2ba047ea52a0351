import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteStore schema")
struct SQLiteStoreSchemaTests {
    static let tables = [
        "agent_documents", "agent_file_parts", "agent_revision_counter", "agent_tags", "agents", "api_keys", "block_tags", "blocks", "blocks_agents", "identities",
        "identities_agents", "identities_blocks", "organization_tags", "organizations",
    ]

    @Test func open_CreatesEveryTableAndSetsUserVersion_WhenFileIsEmpty() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path)
        store.close()
        let connection = try SQLiteConnection(path: file.path, mode: .readOnly)
        defer { connection.close() }
        let tables = try connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
        ) {
            $0.string(0)
        }
        #expect(tables == Self.tables)
        #expect(try SQLiteMigrator.userVersion(connection) == SQLiteStore.migrator.latestVersion)
        #expect(SQLiteStore.migrator.latestVersion == 8)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_stat1 WHERE stat LIKE '1000000 %'") ?? 0 > 10)
        let organizations = try connection.query("SELECT id, name FROM organizations") {
            "\($0.string(0)) \($0.string(1))"
        }
        #expect(organizations == ["\(Actor.defaultOrganizationID) default_org"])
    }

    @Test func open_KeepsDataAndVersion_WhenReopened() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let first = try SQLiteStore(path: file.path)
        let created = try first.createIdentity(StoreFixture.identity("user_1"))
        first.close()
        let second = try SQLiteStore(path: file.path)
        defer { second.close() }
        #expect(try second.identity(id: created.id, organizationID: StoreFixture.org) == created)
        #expect(try second.countIdentities(organizationID: StoreFixture.org) == 1)
        let connection = try SQLiteConnection(path: file.path, mode: .readOnly)
        defer { connection.close() }
        #expect(try SQLiteMigrator.userVersion(connection) == SQLiteStore.migrator.latestVersion)
        #expect(try connection.scalarInt("SELECT count(*) FROM organizations") == 1)
    }

    @Test func schema_IndexesEveryForeignKeyColumn() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { connection.close() }
        try connection.execute(SQLiteStore.schemaVersion1)
        try connection.execute(SQLiteStore.schemaVersion2)
        try connection.execute(SQLiteStore.schemaVersion3)
        try connection.execute(SQLiteStore.apiKeysSchema)
        try connection.execute(SQLiteStore.schemaVersion5)
        for table in Self.tables {
            let foreignKeys = try connection.query("SELECT \"from\" FROM pragma_foreign_key_list(?)", [.text(table)]) {
                $0.string(0)
            }
            let indexedFirstColumns = try connection.query(
                """
                SELECT (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) FROM pragma_index_list(?) l
                """, [.text(table)]
            ) { $0.string(0) }
            let primaryKey = try connection.query("SELECT name FROM pragma_table_info(?) WHERE pk = 1", [.text(table)])
            {
                $0.string(0)
            }
            for column in foreignKeys {
                #expect(
                    indexedFirstColumns.contains(column) || primaryKey == [column],
                    "\(table).\(column) is a foreign key without an index")
            }
        }
    }

    @Test func open_RefusesFile_WhenItsSchemaIsNewer() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        try SQLiteStore(path: file.path).close()
        let connection = try SQLiteConnection(path: file.path)
        try connection.execute("PRAGMA user_version = 99")
        connection.close()
        #expect(
            throws: SQLiteMigrationError.databaseNewerThanSchema(
                fileVersion: 99, latestKnownVersion: SQLiteStore.migrator.latestVersion)
        ) {
            try SQLiteStore(path: file.path)
        }
    }

    @Test func migration2_CountsTagsAlreadyStored_WhenUpgradingAVersion1File() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let version1 = SQLiteMigrator(migrations: [SQLiteStore.migrator.migrations[0]])
        let old = try SQLiteDatabase(path: file.path, migrator: version1)
        try old.write { db in
            try db.execute(
                """
                INSERT INTO organizations VALUES ('org-1', 'o', 0);
                INSERT INTO agents (pk, id, organization_id, name, created_at, updated_at) VALUES (1, 'agent-1', 'org-1', 'a', 0, 0);
                INSERT INTO blocks (pk, id, organization_id, metadata, value_limit, is_template, read_only, created_at, value)
                    VALUES (1, 'block-1', 'org-1', '{}', 10, 0, 0, 0, '');
                INSERT INTO agent_tags (agent_pk, organization_id, tag) VALUES (1, 'org-1', 'shared'), (1, 'org-1', 'agent');
                INSERT INTO block_tags (block_pk, organization_id, tag) VALUES (1, 'org-1', 'shared');
                """)
        }
        old.close()
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let counts = try store.database.read { db in
            try db.query("SELECT tag, carriers FROM organization_tags ORDER BY tag") {
                "\($0.string(0))=\($0.int(1) as Int)"
            }
        }
        #expect(counts == ["agent=1", "shared=2"])
        #expect(
            try store.listTags(nameContains: nil, page: StoreFixture.page(.ascending), organizationID: "org-1") == [
                "agent", "shared",
            ])
    }

    @Test func tagRows_RefuseUpdates_SoTheTagDirectoryStaysExact() throws {
        let store = try StoreFixture.store()
        _ = try store.createAgent(StoreFixture.agent("a", tags: ["t"]), newBlocks: [])
        #expect(throws: SQLiteError.self) {
            try store.database.write { db in try db.run("UPDATE agent_tags SET tag = 'u'") }
        }
    }

    @Test func migration3_MovesTheSystemPromptOutOfTheDocument_WhenUpgradingAVersion2File() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let version2 = SQLiteMigrator(migrations: Array(SQLiteStore.migrator.migrations.prefix(2)))
        let old = try SQLiteDatabase(path: file.path, migrator: version2)
        try old.write { db in
            try db.execute(
                """
                INSERT INTO organizations VALUES ('org-1', 'o', 0);
                INSERT INTO agents (pk, id, organization_id, name, created_at, updated_at) VALUES (1, 'agent-1', 'org-1', 'a', 5, 6);
                INSERT INTO agent_documents (agent_pk, document) VALUES
                    (1, '{"agent_type":"memgpt_agent","system":"Be kind. \\u00e9","llm_config":{"model":"m","temperature":0.7}}');
                """)
        }
        old.close()
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let agent = try #require(try store.agent(id: "agent-1", organizationID: "org-1"))
        #expect(agent.system == "Be kind. é")
        #expect(agent.agentType == "memgpt_agent")
        #expect(agent.llmConfig == ["model": "m", "temperature": 0.7])
        let document = try store.database.read { db in try db.scalarString("SELECT document FROM agent_documents") }
        #expect(document?.contains("system") == false)
    }

    @Test func connections_UseTheStorePageCache() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let readerCache = try store.database.read { db in try db.scalarInt("PRAGMA cache_size") }
        let writerCache = try store.database.write { db in try db.scalarInt("PRAGMA cache_size") }
        #expect(readerCache == Int64(-SQLiteStore.pageCacheKiB))
        #expect(writerCache == Int64(-SQLiteStore.pageCacheKiB))
    }
}
