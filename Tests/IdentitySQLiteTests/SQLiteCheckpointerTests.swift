import Foundation
import Testing

@testable import IdentitySQLite
import IdentityTestSupport

/// WAL checkpoints off the writer (`SQLiteCheckpointer`): the background pass, the inline one
/// that keeps the WAL bounded, and that the writer never waits for a background pass.
@Suite("SQLite checkpointer")
struct SQLiteCheckpointerTests {
    static let migrator = SQLiteMigrator([
        (1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"),
    ])

    /// Opens a file database with the given thresholds.
    private func open(_ file: TemporaryDatabase, background: Int32, inline: Int32) throws -> (SQLiteDatabase, SQLiteCheckpointer) {
        let database = try SQLiteDatabase(path: file.path, migrator: Self.migrator)
        let checkpointer = try #require(database.checkpointer)
        checkpointer.backgroundFrames = background
        checkpointer.inlineFrames = inline
        return (database, checkpointer)
    }

    /// One row in its own transaction; returns the WAL's frames after the commit.
    @discardableResult
    private func insert(_ database: SQLiteDatabase, _ checkpointer: SQLiteCheckpointer, _ name: String) throws -> Int32 {
        try database.write { try $0.run("INSERT INTO items (name) VALUES (?)", [.text(name)]) }
        return checkpointer.lastWALFrames.load(ordering: .relaxed)
    }

    private func count(_ database: SQLiteDatabase) throws -> Int {
        try database.read { try $0.queryFirst("SELECT count(*) FROM items") { $0.int(0) } } ?? -1
    }

    @Test func backgroundPass_CopiesTheWAL_AndTheNextWriteStartsItOver() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let (database, checkpointer) = try open(file, background: 20, inline: 1_000_000)
        defer { database.close() }
        var written = 0
        var frames: Int32 = 0
        while frames < 20 && written < 500 {
            frames = try insert(database, checkpointer, "a\(written)")
            written += 1
        }
        #expect(frames >= 20)
        let deadline = Date().addingTimeInterval(10)
        while checkpointer.backgroundRuns.load(ordering: .relaxed) == 0 && Date() < deadline { usleep(2000) }
        #expect(checkpointer.backgroundRuns.load(ordering: .relaxed) >= 1)
        // Every frame was copied and nothing committed since: this write starts the WAL over.
        let after = try insert(database, checkpointer, "after")
        #expect(after > 0 && after < frames)
        #expect(try count(database) == written + 1)
    }

    @Test func inlinePass_KeepsTheWALBounded_WithoutBackgroundPasses() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let (database, checkpointer) = try open(file, background: 1_000_000, inline: 30)
        defer { database.close() }
        var largest: Int32 = 0
        var restarts = 0
        var previous: Int32 = 0
        for index in 0..<300 {
            let frames = try insert(database, checkpointer, "b\(index)")
            largest = max(largest, frames)
            if frames < previous { restarts += 1 }
            previous = frames
        }
        // A commit adds a few frames; the one that reaches 30 checkpoints, the next starts over.
        #expect(largest >= 30 && largest < 40)
        #expect(restarts >= 5)
        #expect(checkpointer.backgroundRuns.load(ordering: .relaxed) == 0)
        #expect(try count(database) == 300)
    }

    @Test func writer_DoesNotWaitForARunningCheckpoint_AndCatchesUpAfterIt() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let (database, checkpointer) = try open(file, background: 1_000_000, inline: 30)
        defer { database.close() }
        // While another checkpoint holds the lock, commits go on and the WAL grows past the bound.
        let grown = try checkpointer.exclusively {
            var frames: Int32 = 0
            for index in 0..<100 { frames = try insert(database, checkpointer, "c\(index)") }
            return frames >= 60
        }
        #expect(grown)
        // The first commit after it checkpoints inline; the one after starts the WAL over.
        try insert(database, checkpointer, "d0")
        let restarted = try insert(database, checkpointer, "d1")
        #expect(restarted > 0 && restarted < 30)
        #expect(try count(database) == 102)
    }
}
