import Testing

@testable import IdentityCore

@Suite("SQLiteStore schema")
struct SQLiteStoreSchemaTests {
    static let tables = [
        "agent_documents", "agent_tags", "agents", "block_tags", "blocks", "blocks_agents", "identities",
        "identities_agents", "identities_blocks", "organizations",
    ]

    @Test func open_CreatesEveryTableAndSetsUserVersion_WhenFileIsEmpty() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path)
        store.close()
        let connection = try SQLiteConnection(path: file.path, mode: .readOnly)
        defer { connection.close() }
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            $0.string(0)
        }
        #expect(tables == Self.tables)
        #expect(try SQLiteMigrator.userVersion(connection) == SQLiteStore.migrator.latestVersion)
        #expect(SQLiteStore.migrator.latestVersion == 1)
        let organizations = try connection.query("SELECT id, name FROM organizations") { "\($0.string(0)) \($0.string(1))" }
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
        #expect(try SQLiteMigrator.userVersion(connection) == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM organizations") == 1)
    }

    @Test func schema_IndexesEveryForeignKeyColumn() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        defer { connection.close() }
        try connection.execute(SQLiteStore.schemaVersion1)
        for table in Self.tables {
            let foreignKeys = try connection.query("SELECT \"from\" FROM pragma_foreign_key_list(?)", [.text(table)]) {
                $0.string(0)
            }
            let indexedFirstColumns = try connection.query(
                """
                SELECT (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) FROM pragma_index_list(?) l
                """, [.text(table)]
            ) { $0.string(0) }
            let primaryKey = try connection.query("SELECT name FROM pragma_table_info(?) WHERE pk = 1", [.text(table)]) {
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
        #expect(throws: SQLiteMigrationError.databaseNewerThanSchema(fileVersion: 99, latestKnownVersion: 1)) {
            try SQLiteStore(path: file.path)
        }
    }
}
