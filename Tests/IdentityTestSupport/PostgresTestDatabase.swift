import Foundation
import Synchronization

@testable import IdentityCore
@testable import IdentityPostgres
@testable import IdentitySQLite

/// The PostgreSQL server the `PostgresStore…` suites run against: `IDENTITY_TEST_POSTGRES_URL`
/// (`scripts/with-postgres.sh` sets it). Without it those suites are skipped.
package enum PostgresTestEnvironment {
    package static let url: String? = ProcessInfo.processInfo.environment["IDENTITY_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    package static var isAvailable: Bool { url != nil }
}

/// One database per test process (`identity_test_<pid>_<random>`), created on first use and dropped when
/// the process exits; every test works in a fresh schema of it (`PostgresTestDatabase.makeSchema()`), so
/// tests running in parallel never see each other's rows.
package final class PostgresTestDatabase: Sendable {
    package static let shared: PostgresTestDatabase = {
        do {
            return try PostgresTestDatabase()
        } catch {
            fatalError("cannot create the PostgreSQL test database: \(error)")
        }
    }()

    package let adminURL: PostgresURL
    package let name: String
    package let url: PostgresURL
    private static let schemaCounter = Atomic<Int>(0)

    private init() throws {
        guard let base = PostgresTestEnvironment.url else {
            throw PostgresError.misuse("IDENTITY_TEST_POSTGRES_URL is not set")
        }
        adminURL = try PostgresURL(base)
        name = "identity_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        url = try PostgresURL(Self.replacingDatabase(of: base, with: name))
        let admin = try PostgresConnection(url: adminURL)
        defer { admin.close() }
        // Identifiers cannot be bound as parameters; the name is generated here from digits and letters.
        try admin.executeScript("CREATE DATABASE \(name)")
        Self.registerDropAtExit()
    }

    /// A new empty schema; the returned URL selects it through `search_path`.
    package func makeSchema() throws -> (schema: String, url: PostgresURL) {
        let schema = "t\(Self.schemaCounter.add(1, ordering: .relaxed).newValue)_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try connection.executeScript("CREATE SCHEMA \(schema)")
        let separator = url.string.contains("?") ? "&" : "?"
        return (schema, try PostgresURL(url.string + "\(separator)options=-csearch_path%3D\(schema)"))
    }

    /// A store on a fresh schema (migrated, default organization plus `StoreFixture.otherOrg`).
    package func makeStore(poolSize: Int = 4) throws -> PostgresStore {
        let store = try PostgresStore(url: makeSchema().url, configuration: PostgresPool.Configuration(size: poolSize))
        try store.ensureOrganization(id: StoreFixture.otherOrg, name: "other_org")
        return store
    }

    /// `url` with its database name replaced (the path after the authority).
    package static func replacingDatabase(of url: String, with database: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let queryStart = afterScheme[pathStart...].firstIndex(of: "?") ?? afterScheme.endIndex
        return String(url[..<pathStart]) + "/" + database + String(afterScheme[queryStart...])
    }

    private static func registerDropAtExit() {
        atexit {
            guard let base = PostgresTestEnvironment.url, let admin = try? PostgresConnection(url: PostgresURL(base)) else {
                return
            }
            _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(PostgresTestDatabase.shared.name) WITH (FORCE)")
            admin.close()
        }
    }
}

/// Builders for the PostgreSQL store tests, next to `StoreFixture`'s model builders.
package enum PostgresFixture {
    /// A fresh store on its own schema, with `StoreFixture.otherOrg` besides the default organization.
    package static func store(poolSize: Int = 4) throws -> PostgresStore {
        try PostgresTestDatabase.shared.makeStore(poolSize: poolSize)
    }

    /// A fresh store on its own schema with only the default organization.
    package static func emptyStore() throws -> PostgresStore {
        try PostgresStore(url: PostgresTestDatabase.shared.makeSchema().url, configuration: PostgresPool.Configuration(size: 2))
    }
}

/// Runs `body(index)` on `count` threads of their own at once and waits for all of them. Unlike
/// `DispatchQueue.concurrentPerform`, which runs at most one iteration per core, every index runs
/// concurrently, so races and waits really overlap.
package func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
