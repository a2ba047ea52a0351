import Foundation
import HTTPKit
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// The pool's waits and reconnects counters go up when checkouts wait and connections are
/// replaced, and `/metrics` reports them (`identity_server_postgres_pool_waits_total`,
/// `identity_server_postgres_reconnects_total`).
@Suite("PostgreSQL pool metrics", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresPoolMetricsTests {
    /// The value of an unlabelled sample in a rendered scrape.
    func sample(_ name: String, in store: PostgresStore) -> Double? {
        let registry = MetricsRegistry()
        store.registerMetrics(on: registry)
        let text = String(decoding: registry.render(), as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test func waits_CountCheckoutsThatWaitedForABusyPool() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let store = try PostgresStore(url: url, configuration: .init(size: 1))
        defer { store.close() }
        #expect(sample("identity_server_postgres_pool_waits_total", in: store) == 0)
        let holding = DispatchSemaphore(value: 0)
        let waited = Results()
        onThreads(2) { worker in
            if worker == 0 {
                _ = try? store.pool.withConnection { _ in
                    holding.signal()
                    usleep(300_000)
                }
            } else {
                holding.wait()
                waited.append(Result { try store.pool.withConnection { _ in "second" } })
            }
        }
        #expect(waited.values.count == 1)
        #expect(store.pool.statistics.waits == 1)
        #expect(sample("identity_server_postgres_pool_waits_total", in: store) == 1)
        #expect(sample("identity_server_postgres_pool_size", in: store) == 1)
    }

    @Test func reconnects_CountConnectionsReplacedAfterTheDatabaseWasCut() throws {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let proxy = try TCPForwarder(targetPort: #require(TCPForwarder.targetPort(of: url.string)))
        defer { proxy.stop() }
        let store = try PostgresStore(
            url: PostgresURL(TCPForwarder.proxiedURL(url.string, port: proxy.port)), configuration: .init(size: 2))
        defer { store.close() }
        _ = try store.countIdentities(organizationID: StoreFixture.org)
        #expect(sample("identity_server_postgres_reconnects_total", in: store) == 0)
        proxy.goDown()
        proxy.comeBack()
        let deadline = Date().addingTimeInterval(10)
        while (try? store.countIdentities(organizationID: StoreFixture.org)) == nil && Date() < deadline {
            usleep(20_000)
        }
        #expect(try store.countIdentities(organizationID: StoreFixture.org) == 0)
        #expect(store.pool.statistics.reconnects >= 1)
        #expect((sample("identity_server_postgres_reconnects_total", in: store) ?? 0) >= 1)
    }
}
