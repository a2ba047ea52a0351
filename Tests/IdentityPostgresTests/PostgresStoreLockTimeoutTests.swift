import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// What a write does when another connection holds a lock it needs beyond the lock timeout. The
/// engine-independent organization tests are in `StoreIsolationTests` (IdentityCoreTests).
@Suite("PostgresStore lock timeout", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreLockTimeoutTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    @Test func writes_ThrowUnavailable_WhenAnotherConnectionHoldsALockBeyondTheLockTimeout() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let store = try PostgresStore(url: url, configuration: .init(size: 2, lockTimeout: 0.05))
        defer { store.close() }
        let existing = try store.createIdentity(F.identity("user_0"))
        let blocker = try PostgresConnection(url: url)
        defer { blocker.close() }
        try blocker.query("BEGIN")
        try blocker.query("LOCK TABLE identities IN ACCESS EXCLUSIVE MODE")
        #expect(
            throws: StoreError.unavailable(message: "The database is temporarily unavailable. Please try again later.")
        ) { try store.createIdentity(F.identity("user_1")) }
        try blocker.query("ROLLBACK")
        #expect(try store.identity(id: existing.id, organizationID: org) == existing)
        _ = try store.createIdentity(F.identity("user_1"))
        #expect(try store.countIdentities(organizationID: org) == 2)
    }
}
