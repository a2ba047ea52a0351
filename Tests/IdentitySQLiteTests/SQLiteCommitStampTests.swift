import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// `SQLiteDatabase.commitStamp()`, read from the WAL-index header: equal stamps must mean that no
/// write committed in between, by this database's connections or by any other connection.
@Suite("SQLite commit stamps")
struct SQLiteCommitStampTests {
    private func insert(_ name: String, into database: SQLiteDatabase) throws {
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", [.text(name)]) }
    }

    @Test func stamp_StaysWhileNothingIsWritten_AndChangesWithEveryCommit() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        defer { database.close() }
        let first = try #require(database.commitStamp())
        _ = try database.read { try $0.query("SELECT name FROM items") { $0.string(0) } }
        #expect(database.commitStamp() == first, "a read changes nothing")
        var seen = [first]
        for index in 0..<20 {
            try insert("item \(index)", into: database)
            let stamp = try #require(database.commitStamp())
            #expect(!seen.contains(stamp), "commit \(index) left an earlier stamp")
            seen.append(stamp)
        }
    }

    @Test func stamp_Changes_WhenAnotherConnectionCommits() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        defer { database.close() }
        let other = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        let before = try #require(database.commitStamp())
        try insert("written elsewhere", into: other)
        other.close()
        let after = try #require(database.commitStamp())
        #expect(after != before)
    }

    @Test func stamp_Changes_WhenTheWALIsCheckpointedAndRestarted() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        defer { database.close() }
        try insert("before the checkpoint", into: database)
        let before = try #require(database.commitStamp())
        #expect(try database.checkpoint())
        try insert("after the checkpoint", into: database)
        #expect(database.commitStamp() != before)
    }

    @Test(arguments: [":memory:", ""])
    func noStamp_ForInMemoryDatabases(_ path: String) throws {
        let database = try SQLiteDatabase(path: path, migrator: SQLiteDatabaseTests.migrator)
        defer { database.close() }
        #expect(database.commitStamp() == nil)
    }

    @Test func noStamp_AfterClose() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        #expect(database.commitStamp() != nil)
        database.close()
        #expect(database.commitStamp() == nil)
    }
}

extension SQLiteCommitStampTests {
    @Test func noStamp_InsideAWrite_WhoseReadsSeeUncommittedChanges() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: SQLiteDatabaseTests.migrator)
        defer { database.close() }
        #expect(database.commitStamp() != nil)
        let inside = try database.write { connection -> CommitStamp? in
            try connection.run("INSERT INTO items (name) VALUES ('pending')")
            return database.commitStamp()
        }
        #expect(inside == nil)
        #expect(database.commitStamp() != nil)
    }
}
