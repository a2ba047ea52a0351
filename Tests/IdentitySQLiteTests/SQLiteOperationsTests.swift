import CSQLite
import Foundation
import HTTPKit
import Synchronization
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// SQLite faults and their answers, store health episodes, the write-group metrics and backups.
@Suite struct SQLiteOperationsTests {
    @Test func faults_MapToStoreErrorsInWords_AndStartOneEpisode() {
        let lines = Mutex<[String]>([])
        let health = StoreHealth { line in lines.withLock { $0.append(line) } }
        let full = SQLiteStore.storeError(SQLiteError(code: SQLITE_FULL, message: "database or disk is full"), health: health)
        #expect(full as? StoreError == .storageFull(message: SQLiteFault.diskFull.message))
        #expect(APIError(full as! StoreError).status == .insufficientStorage)
        let moved = SQLiteStore.storeError(SQLiteError(code: 1032, message: "moved"), health: health)
        #expect(moved as? StoreError == .unavailable(message: SQLiteFault.fileMoved.message))
        let readOnly = SQLiteStore.storeError(SQLiteError(code: SQLITE_READONLY, message: "readonly"), health: health)
        #expect(readOnly as? StoreError == .unavailable(message: SQLiteFault.readOnly.message))
        let ioError = SQLiteStore.storeError(SQLiteError(code: 778, message: "disk I/O error"), health: health)
        #expect(ioError as? StoreError == .unavailable(message: SQLiteFault.ioError(code: 778).message))
        let constraint = SQLiteStore.storeError(SQLiteError(code: 2067, message: "UNIQUE"), health: health)
        #expect(constraint is SQLiteError)
        #expect(health.problem == SQLiteFault.diskFull.message)
        health.writeSucceeded()
        health.writeSucceeded()
        #expect(health.problem == nil)
        let logged = lines.withLock { $0 }
        #expect(logged.count == 2)
        #expect(logged.first == "database not writable: \(SQLiteFault.diskFull.message)")
        #expect(logged.last?.hasPrefix("database writable again after 0 s and 4 failed write(s)") == true)
    }

    @Test func removedDatabaseFile_RefusesWrites_InsteadOfWritingIntoTheVoid() throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try SQLiteStore(path: database.path, health: StoreHealth { _ in })
        defer { store.close() }
        try store.ensureOrganization(id: "org-00000000-0000-4000-8000-000000000001", name: "before")
        try FileManager.default.removeItem(atPath: database.path)
        #expect(throws: StoreError.unavailable(message: SQLiteFault.fileMoved.message)) {
            try store.ensureOrganization(id: "org-00000000-0000-4000-8000-000000000002", name: "after")
        }
        #expect(store.readinessProblem() == SQLiteFault.fileMoved.message)
    }

    @Test func writeGroups_AreMeasured() throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try SQLiteStore(path: database.path)
        defer { store.close() }
        let registry = MetricsRegistry()
        store.registerMetrics(on: registry)
        let job = RecordingWriteJob { try store.ensureOrganization(id: "org-00000000-0000-4000-8000-000000000003", name: "grouped") }
        _ = store.perform(job)
        job.done.wait()
        let text = String(decoding: registry.render(), as: UTF8.self)
        #expect(text.contains("identity_server_sqlite_write_group_size_count 1\n"))
        #expect(text.contains("identity_server_sqlite_write_group_size_sum 1\n"))
        #expect(text.contains("identity_server_sqlite_commit_duration_seconds_count 1\n"))
        #expect(text.contains("# TYPE identity_server_sqlite_busy_retries_total counter\n"))
        #expect(!text.contains("identity_server_sqlite_database_bytes 0\n"))
    }

    @Test func backup_CopiesALiveDatabase_UnderItsNameOnlyWhenComplete() throws {
        let source = TemporaryDatabase()
        let copy = TemporaryDatabase()
        defer {
            source.remove()
            copy.remove()
        }
        let store = try SQLiteStore(path: source.path)
        defer { store.close() }
        for index in 0..<20 {
            try store.ensureOrganization(id: "org-00000000-0000-4000-8000-0000000001\(10 + index)", name: "org \(index)")
        }
        let summary = try SQLiteBackup.copy(from: source.path, to: copy.path)
        #expect(summary.pages > 0 && summary.bytes == copy.fileSize())
        let reopened = try SQLiteDatabase(path: copy.path, migrator: SQLiteStore.migrator)
        defer { reopened.close() }
        #expect(try reopened.integrityCheck() == "ok")
        let organizations = try reopened.read { try $0.query("SELECT count(*) FROM organizations") { $0.int(0) as Int } }
        #expect(organizations == [21])
        let directory = (copy.path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        #expect(throws: SQLiteError.self) { try SQLiteBackup.copy(from: source.path + "-missing", to: copy.path) }
    }
}

/// A write job that runs `body` and signals when its transaction ended.
private final class RecordingWriteJob: WriteUnit, @unchecked Sendable {
    let body: () throws -> Void
    let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping () throws -> Void) {
        self.body = body
    }

    func run() { try? body() }
    func committed() { done.signal() }
    func failed(_ error: any Error) { done.signal() }
}
