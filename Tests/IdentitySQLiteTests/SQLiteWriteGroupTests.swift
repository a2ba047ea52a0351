import Dispatch
import Foundation
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Group commit on `SQLiteDatabase` (`runWriteGroup`) and the writer thread (`SQLiteWriteExecutor`).
@Suite("SQLite write groups")
struct SQLiteWriteGroupTests {
    static let migrator = SQLiteMigrator([
        (1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"),
        (2, "notes", """
            CREATE TABLE notes (id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items (id) DEFERRABLE INITIALLY DEFERRED);
            """),
    ])

    private func insert(_ database: SQLiteDatabase, _ name: String) throws {
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", [.text(name)]) }
    }

    private func names(_ database: SQLiteDatabase) throws -> [String] {
        try database.read { try $0.query("SELECT name FROM items ORDER BY id") { $0.string(0) } }
    }

    @Test func group_CommitsEveryJob_AndLaterJobsSeeEarlierUncommittedWrites() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let seenInGroup = LockedList<[String]>()
        let seenOutside = LockedList<[String]>()
        let jobs = [
            RecordingJob { try? insert(database, "a") },
            RecordingJob {
                seenInGroup.append((try? names(database)) ?? [])
                // Another thread reads through a reader: the group has not committed yet.
                let outside = Thread { seenOutside.append((try? names(database)) ?? []) }
                outside.start()
                while seenOutside.values.isEmpty { usleep(1000) }
                try? insert(database, "b")
            },
        ]
        database.runWriteGroup(jobs)
        #expect(jobs.map { $0.outcome() } == [.committed, .committed])
        #expect(seenInGroup.values == [["a"]])
        #expect(seenOutside.values == [[]])
        #expect(try names(database) == ["a", "b"])
    }

    @Test func failingWrite_RollsBackOnlyItself_AndTheGroupCommits() throws {
        let database = try SQLiteDatabase(path: ":memory:", migrator: Self.migrator)
        defer { database.close() }
        let failure = LockedList<String>()
        let jobs = [
            RecordingJob { try? insert(database, "a") },
            RecordingJob {
                do {
                    try database.write { connection in
                        try connection.run("INSERT INTO items (name) VALUES ('b')")
                        try connection.run("INSERT INTO items (name) VALUES ('a')")
                    }
                } catch {
                    failure.append(String(describing: error))
                }
            },
            RecordingJob { try? insert(database, "c") },
        ]
        database.runWriteGroup(jobs)
        #expect(jobs.map { $0.outcome() } == [.committed, .committed, .committed])
        #expect(failure.values.count == 1)
        #expect(failure.values.first?.contains("UNIQUE") == true)
        #expect(try names(database) == ["a", "c"])
    }

    @Test func failedCommit_FailsEveryJobOfTheGroup_AndStoresNothing() throws {
        let database = try SQLiteDatabase(path: ":memory:", migrator: Self.migrator)
        defer { database.close() }
        let jobs = [
            RecordingJob { try? insert(database, "a") },
            // Breaks a deferred foreign key: only COMMIT notices.
            RecordingJob { _ = try? database.write { try $0.run("INSERT INTO notes (item_id) VALUES (999)") } },
            RecordingJob {},
        ]
        database.runWriteGroup(jobs, mapError: { _ in StoreError.unavailable(message: "lost") })
        for job in jobs {
            #expect(job.outcome() == .failed(String(describing: StoreError.unavailable(message: "lost"))))
        }
        #expect(try names(database) == [])
        // The writer is usable again afterwards.
        try insert(database, "after")
        #expect(try names(database) == ["after"])
    }

    @Test func busyDatabase_MakesEveryWriteOfTheGroupThrowBusy_AndJobsStillEnd() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator, busyTimeoutMilliseconds: 50)
        defer { database.close() }
        let other = try SQLiteConnection(path: file.path)
        defer { other.close() }
        try other.run("BEGIN IMMEDIATE")
        let busy = LockedList<Bool>()
        let jobs = [
            RecordingJob {
                do {
                    try insert(database, "a")
                    busy.append(false)
                } catch let error as SQLiteError {
                    busy.append(error.isBusy)
                } catch {
                    busy.append(false)
                }
            },
            RecordingJob {},
        ]
        database.runWriteGroup(jobs)
        try other.run("ROLLBACK")
        #expect(busy.values == [true])
        #expect(jobs.map { $0.outcome() } == [.committed, .committed])
        #expect(try names(database) == [])
    }

    @Test func nestedWrite_InsideAGroupedWrite_Throws() throws {
        let database = try SQLiteDatabase(path: ":memory:", migrator: Self.migrator)
        defer { database.close() }
        let nested = LockedList<String>()
        let job = RecordingJob {
            _ = try? database.write { _ in
                do {
                    try insert(database, "inner")
                } catch {
                    nested.append(String(describing: error))
                }
            }
        }
        database.runWriteGroup([job])
        #expect(job.outcome() == .committed)
        #expect(nested.values.first?.contains("re-entrant") == true)
    }

    @Test func executor_GroupsJobsQueuedWhileAGroupRuns() throws {
        let database = try SQLiteDatabase(path: ":memory:", migrator: Self.migrator)
        let executor = SQLiteWriteExecutor(database: database, mapError: { $0 })
        defer {
            executor.stop()
            database.close()
        }
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let groups = LockedList<ObjectIdentifier?>()
        let first = RecordingJob {
            started.signal()
            release.wait()
            groups.append(database.openGroup.map(ObjectIdentifier.init))
        }
        executor.submit(first)
        // Queue the others only once the first group is running, so none can join it.
        started.wait()
        let queued = (0..<10).map { index in
            RecordingJob {
                try? insert(database, "item\(index)")
                groups.append(database.openGroup.map(ObjectIdentifier.init))
            }
        }
        for job in queued { executor.submit(job) }
        release.signal()
        #expect(([first] + queued).allSatisfy { $0.outcome() == .committed })
        let identities = groups.values
        #expect(identities.count == 11)
        #expect(identities.allSatisfy { $0 != nil })
        #expect(Set(identities.dropFirst()).count == 1, "jobs queued behind a running group share the next one")
        #expect(try names(database).count == 10)
    }

    @Test func executor_RunsJobsFromManyThreads_AndStopFinishesQueuedJobs() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        defer { database.close() }
        let executor = SQLiteWriteExecutor(database: database, mapError: { $0 })
        let jobs = LockedList<RecordingJob>()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<25 {
                let job = RecordingJob { try? insert(database, "t\(thread)-\(index)") }
                jobs.append(job)
                executor.submit(job)
            }
        }
        executor.stop()
        #expect(jobs.values.count == 200)
        #expect(jobs.values.allSatisfy { $0.outcome() == .committed })
        #expect(try names(database).count == 200)

        let late = RecordingJob { try? insert(database, "late") }
        executor.submit(late)
        #expect(late.outcome() == .failed(String(describing: SQLiteError.misuse("database is closed"))))
        #expect(try names(database).count == 200)
    }
}
