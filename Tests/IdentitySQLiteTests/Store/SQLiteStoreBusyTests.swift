import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// What a write does when another connection holds the database's write lock beyond the busy timeout.
/// The engine-independent organization tests are in `StoreIsolationTests` (IdentityCoreTests).
@Suite("SQLiteStore busy database")
struct SQLiteStoreBusyTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    @Test func writes_ThrowUnavailable_WhenAnotherConnectionHoldsTheWriteLock() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path, busyTimeoutMilliseconds: 50)
        defer { store.close() }
        let existing = try store.createIdentity(F.identity("user_0"))
        let blocker = try SQLiteConnection(path: file.path)
        defer { blocker.close() }
        try blocker.execute("BEGIN IMMEDIATE")
        let retriesBefore = SQLiteBusyHandler.retries.load(ordering: .relaxed)
        #expect(
            throws: StoreError.unavailable(message: "The database is temporarily unavailable. Please try again later.")
        ) { try store.createIdentity(F.identity("user_1")) }
        // The wait for the lock is counted (identity_server_sqlite_busy_retries_total).
        #expect(SQLiteBusyHandler.retries.load(ordering: .relaxed) > retriesBefore)
        #expect(try store.identity(id: existing.id, organizationID: org) == existing)
        try blocker.execute("ROLLBACK")
        _ = try store.createIdentity(F.identity("user_1"))
        #expect(try store.countIdentities(organizationID: org) == 2)
    }
}
