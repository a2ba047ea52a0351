import Dispatch
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    static let migrator = SQLiteMigrator([
        (1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"),
        (2, "counter", "CREATE TABLE counter (value INTEGER NOT NULL); INSERT INTO counter VALUES (0);"),
    ])

    private func names(_ connection: SQLiteConnection) throws -> [String] {
        try connection.query("SELECT name FROM items ORDER BY id") { $0.string(0) }
    }

    @Test func open_EnablesWALAndPragmas_OnWriterAndReaders() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let writerPragmas = try database.write { connection in
            [try connection.scalarString("PRAGMA journal_mode"), try connection.scalarString("PRAGMA synchronous"),
             try connection.scalarString("PRAGMA foreign_keys"), try connection.scalarString("PRAGMA user_version")]
        }
        #expect(writerPragmas == ["wal", "1", "1", "2"])
        let readerPragmas = try database.read { connection in
            [try connection.scalarString("PRAGMA journal_mode"), try connection.scalarString("PRAGMA synchronous"),
             try connection.scalarString("PRAGMA foreign_keys")]
        }
        #expect(readerPragmas == ["wal", "1", "1"])
        #expect(file.fileSize(suffix: "-wal") != nil)
    }

    @Test func open_SetsSynchronousFull_WhenRequested() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, synchronous: .full, migrator: Self.migrator)
        defer { database.close() }
        #expect(try database.write { try $0.scalarInt("PRAGMA synchronous") } == 2)
        #expect(try database.read { try $0.scalarInt("PRAGMA synchronous") } == 2)
    }

    @Test func write_CommitsAndReadSeesIt_OrRollsBack_WhenBodyThrows() throws {
        struct Failure: Error {}
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let id = try database.write { connection in
            try connection.run("INSERT INTO items (name) VALUES (?)", ["kept"])
            return connection.lastInsertRowID
        }
        #expect(id == 1)
        #expect(throws: Failure.self) {
            try database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES (?)", ["dropped"])
                throw Failure()
            }
        }
        let duplicate = #expect(throws: SQLiteError.self) {
            try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["kept"]) }
        }
        #expect(duplicate?.isUniqueConstraint == true)
        #expect(try database.read(names) == ["kept"])
    }

    @Test func read_RefusesWrites_AndReaderStaysUsable() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator, readerCount: 1)
        defer { database.close() }
        let error = #expect(throws: SQLiteError.self) {
            try database.read { try $0.run("INSERT INTO items (name) VALUES ('x')") }
        }
        #expect(error?.primaryCode == 8)  // SQLITE_READONLY
        #expect(try database.read { try $0.scalarInt("SELECT count(*) FROM items") } == 0)
        #expect(database.readerConnectionCount == 1)
    }

    @Test func read_DoesNotBlock_WhileWriteTransactionIsOpen() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["before"]) }

        let inTransaction = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writerFinished = DispatchSemaphore(value: 0)
        let writerErrors = LockedList<String>()
        onNewThread {
            do {
                try database.write { connection in
                    try connection.run("INSERT INTO items (name) VALUES (?)", ["during"])
                    inTransaction.signal()
                    release.wait()
                }
            } catch {
                writerErrors.append("\(error)")
            }
            writerFinished.signal()
        }
        #expect(inTransaction.wait(timeout: .now() + 5) == .success)
        let readDone = DispatchSemaphore(value: 0)
        let seen = LockedList<[String]>()
        onNewThread {
            if let rows = try? database.read(names) { seen.append(rows) }
            readDone.signal()
        }
        let readFinishedWhileWriteOpen = readDone.wait(timeout: .now() + 5) == .success
        release.signal()
        #expect(writerFinished.wait(timeout: .now() + 5) == .success)
        #expect(readFinishedWhileWriteOpen)
        #expect(seen.values == [["before"]])
        #expect(writerErrors.values.isEmpty)
        #expect(try database.read(names) == ["before", "during"])
    }

    @Test func read_SeesOneSnapshot_WhenWriteCommitsDuringRead() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let counts = try database.read { connection in
            let first = try connection.scalarInt("SELECT count(*) FROM items")
            let committed = DispatchSemaphore(value: 0)
            onNewThread {
                try? database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["concurrent"]) }
                committed.signal()
            }
            #expect(committed.wait(timeout: .now() + 5) == .success)
            let second = try connection.scalarInt("SELECT count(*) FROM items")
            return [first, second]
        }
        #expect(counts == [0, 0])
        #expect(try database.read { try $0.scalarInt("SELECT count(*) FROM items") } == 1)
    }

    @Test func write_SerializesConcurrentWriters_FromSeveralThreads() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let errors = LockedList<String>()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<25 {
                do {
                    try database.write { connection in
                        let value = try connection.scalarInt("SELECT value FROM counter") ?? -1
                        try connection.run("UPDATE counter SET value = ?", [.integer(value + 1)])
                        try connection.run("INSERT INTO items (name) VALUES (?)", [.text("t\(thread)-\(index)")])
                    }
                } catch {
                    errors.append("\(error)")
                }
            }
        }
        #expect(errors.values.isEmpty)
        let totals = try database.read { connection in
            [try connection.scalarInt("SELECT value FROM counter"), try connection.scalarInt("SELECT count(*) FROM items")]
        }
        #expect(totals == [200, 200])
    }

    @Test func read_WaitsForFreeReader_WhenMoreThreadsThanReaders() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator, readerCount: 2)
        defer { database.close() }
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["row"]) }
        let results = LockedList<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            for _ in 0..<20 {
                do {
                    let count = try database.read { try $0.scalarInt("SELECT count(*) FROM items") }
                    results.append(count.map(String.init) ?? "nil")
                } catch {
                    results.append("\(error)")
                }
            }
        }
        #expect(results.values == Array(repeating: "1", count: 120))
        #expect(database.readerConnectionCount >= 1 && database.readerConnectionCount <= 2)
    }

    @Test(arguments: [":memory:", ""])
    func inMemory_ReadSeesWrites_ThroughWriterConnection(path: String) throws {
        let database = try SQLiteDatabase(path: path, migrator: Self.migrator)
        defer { database.close() }
        #expect(database.isInMemory)
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["memory"]) }
        #expect(try database.read(names) == ["memory"])
        #expect(database.readerConnectionCount == 0)
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func reentrantAccess_Throws_InsteadOfDeadlocking() throws {
        let database = try SQLiteDatabase(path: ":memory:", migrator: Self.migrator)
        defer { database.close() }
        let nestedWrite = #expect(throws: SQLiteError.self) {
            try database.write { _ in try database.write { _ in } }
        }
        #expect(nestedWrite?.code == 21)
        let nestedRead = #expect(throws: SQLiteError.self) {
            try database.write { _ in try database.read { _ in } }
        }
        #expect(nestedRead?.code == 21)
        try database.write { try $0.run("INSERT INTO items (name) VALUES ('after')") }
        #expect(try database.read(names) == ["after"])
    }

    @Test func write_ThrowsBusy_WhenAnotherConnectionHoldsTheWriteLock() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator, busyTimeoutMilliseconds: 50)
        defer { database.close() }
        let blocker = try SQLiteConnection(path: file.path)
        try blocker.execute("BEGIN IMMEDIATE")
        let error = #expect(throws: SQLiteError.self) {
            try database.write { try $0.run("INSERT INTO items (name) VALUES ('blocked')") }
        }
        #expect(error?.isBusy == true)
        #expect(error?.isUniqueConstraint == false)
        #expect(try database.read { try $0.scalarInt("SELECT count(*) FROM items") } == 0)
        try blocker.execute("ROLLBACK")
        blocker.close()
        try database.write { try $0.run("INSERT INTO items (name) VALUES ('unblocked')") }
        #expect(try database.read(names) == ["unblocked"])
    }

    @Test func integrityCheck_ReturnsOk_OnHealthyFile() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        try database.write { connection in
            for index in 0..<50 {
                try connection.run("INSERT INTO items (name) VALUES (?)", [.text("n\(index)")])
            }
        }
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func close_CheckpointsAndFinalizes_SoReopenWorks() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["persisted"]) }
        #expect(try database.read(names) == ["persisted"])
        #expect((file.fileSize(suffix: "-wal") ?? 0) > 0)
        database.close()
        #expect((file.fileSize(suffix: "-wal") ?? 0) == 0)
        let closedWrite = #expect(throws: SQLiteError.self) { try database.write { _ in } }
        #expect(closedWrite?.code == 21)
        #expect(throws: SQLiteError.self) { try database.read { _ in } }
        database.close()

        let reopened = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { reopened.close() }
        #expect(try reopened.read(names) == ["persisted"])
        #expect(try reopened.read { try SQLiteMigrator.userVersion($0) } == 2)
    }

    @Test func open_Refuses_WhenFileVersionIsNewerThanMigrator() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        try SQLiteDatabase(path: file.path, migrator: Self.migrator).close()
        let older = SQLiteMigrator([(1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);")])
        let error = #expect(throws: SQLiteMigrationError.self) { try SQLiteDatabase(path: file.path, migrator: older) }
        #expect(error == .databaseNewerThanSchema(fileVersion: 2, latestKnownVersion: 1))
    }
}
