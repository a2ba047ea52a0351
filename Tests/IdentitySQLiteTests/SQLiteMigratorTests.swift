import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteMigrator")
struct SQLiteMigratorTests {
    static let schema: [(version: Int, name: String, sql: String)] = [
        (1, "create items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
        (2, "seed and index", "CREATE INDEX items_name ON items(name); INSERT INTO items (name) VALUES ('seed');"),
    ]

    @Test func migrate_AppliesAllInOrder_WhenFileIsEmpty() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let connection = try SQLiteConnection(path: file.path)
        #expect(try SQLiteMigrator.userVersion(connection) == 0)
        let applied = try SQLiteMigrator(Self.schema).migrate(connection)
        #expect(applied == [1, 2])
        #expect(try SQLiteMigrator.userVersion(connection) == 2)
        #expect(try connection.scalarString("SELECT name FROM items") == "seed")
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'items_name'") == 1)
    }

    @Test func migrate_IsIdempotent_WhenReopened() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let migrator = SQLiteMigrator(Self.schema)
        try migrator.migrate(SQLiteConnection(path: file.path))
        let reopened = try SQLiteConnection(path: file.path)
        #expect(try migrator.migrate(reopened) == [])
        #expect(try reopened.scalarInt("SELECT count(*) FROM items") == 1)
        #expect(try SQLiteMigrator.userVersion(reopened) == 2)
    }

    @Test func migrate_AppliesOnlyNewMigrations_WhenListGrows() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        try SQLiteMigrator(Self.schema).migrate(SQLiteConnection(path: file.path))
        var grown = SQLiteMigrator(Self.schema)
        grown.register(.init(version: 3, name: "add column") { connection in
            try connection.execute("ALTER TABLE items ADD COLUMN note TEXT")
            try connection.run("UPDATE items SET note = ?", ["migrated"])
        })
        let connection = try SQLiteConnection(path: file.path)
        #expect(try grown.migrate(connection) == [3])
        #expect(grown.latestVersion == 3)
        #expect(try connection.scalarString("SELECT note FROM items") == "migrated")
    }

    @Test func migrate_Refuses_WhenFileVersionIsNewer() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let connection = try SQLiteConnection(path: file.path)
        try connection.execute("PRAGMA user_version = 7")
        let error = #expect(throws: SQLiteMigrationError.self) { try SQLiteMigrator(Self.schema).migrate(connection) }
        #expect(error == .databaseNewerThanSchema(fileVersion: 7, latestKnownVersion: 2))
        #expect(error?.description.contains("schema version 7 is newer") == true)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master") == 0)
    }

    @Test func migrate_RollsBackFailedMigration_AndKeepsEarlierOnes() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let migrator = SQLiteMigrator([
            (1, "ok", "CREATE TABLE a (x);"),
            (2, "broken", "CREATE TABLE b (x); INSERT INTO missing VALUES (1);"),
        ])
        let error = #expect(throws: SQLiteMigrationError.self) { try migrator.migrate(connection) }
        guard case .migrationFailed(let version, let name, let underlying) = error else {
            Issue.record("expected migrationFailed, got \(String(describing: error))")
            return
        }
        #expect(version == 2 && name == "broken" && underlying.contains("no such table: missing"))
        #expect(try SQLiteMigrator.userVersion(connection) == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'b'") == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func migrate_Throws_WhenVersionsDoNotIncrease() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let migrator = SQLiteMigrator([(1, "one", "CREATE TABLE a (x);"), (1, "again", "CREATE TABLE b (x);")])
        let error = #expect(throws: SQLiteMigrationError.self) { try migrator.migrate(connection) }
        guard case .invalidMigrationList = error else {
            Issue.record("expected invalidMigrationList, got \(String(describing: error))")
            return
        }
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master") == 0)
    }

    @Test func migrate_RebuildsTableWithForeignKeysOff_AndChecksThemBeforeCommit() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let base = SQLiteMigrator([
            (1, "tables", """
                CREATE TABLE parent (id TEXT PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id TEXT REFERENCES parent(id));
                INSERT INTO parent VALUES ('p'); INSERT INTO child (parent_id) VALUES ('p');
                """),
        ])
        try base.migrate(connection)
        var rebuild = base
        rebuild.register(.init(version: 2, name: "rebuild parent", disablesForeignKeys: true, sql: """
            CREATE TABLE parent_new (id TEXT PRIMARY KEY, label TEXT NOT NULL DEFAULT '');
            INSERT INTO parent_new (id) SELECT id FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """))
        #expect(try rebuild.migrate(connection) == [2])
        #expect(try connection.scalarInt("SELECT count(*) FROM child") == 1)
        #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)

        var orphaning = rebuild
        orphaning.register(.init(version: 3, name: "orphan rows", disablesForeignKeys: true, sql: "DELETE FROM parent;"))
        let error = #expect(throws: SQLiteMigrationError.self) { try orphaning.migrate(connection) }
        guard case .migrationFailed(3, _, let underlying) = error else {
            Issue.record("expected migrationFailed(3), got \(String(describing: error))")
            return
        }
        #expect(underlying.contains("foreign key violations in: child"))
        #expect(try SQLiteMigrator.userVersion(connection) == 2)
        #expect(try connection.scalarInt("SELECT count(*) FROM parent") == 1)
        #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)
    }
}
