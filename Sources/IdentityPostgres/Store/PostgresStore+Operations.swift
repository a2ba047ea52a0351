import IdentityCore
import HTTPKit

extension PostgresStore: StoreOperations {
    public var backendName: String { "postgres" }

    /// `identity_server_postgres_pool_*`: the pool's size limit, open and checked-out
    /// connections, checkouts that waited for a busy pool, reconnects; `identity_server_store_writable`.
    public func registerMetrics(on registry: MetricsRegistry) {
        let size = pool.configuration.size
        registry.addCollector { [pool, health] writer in
            let statistics = pool.statistics
            writer.family("identity_server_postgres_pool_size", help: "Most connections the pool opens.", type: .gauge)
            writer.sample("identity_server_postgres_pool_size", value: Double(size))
            writer.family("identity_server_postgres_pool_open", help: "Connections open now.", type: .gauge)
            writer.sample("identity_server_postgres_pool_open", value: Double(statistics.open))
            writer.family("identity_server_postgres_pool_in_use", help: "Connections checked out now.", type: .gauge)
            writer.sample("identity_server_postgres_pool_in_use", value: Double(statistics.inUse))
            writer.family(
                "identity_server_postgres_pool_waits_total", help: "Checkouts that waited for a busy pool.", type: .counter)
            writer.sample("identity_server_postgres_pool_waits_total", value: UInt64(statistics.waits))
            writer.family(
                "identity_server_postgres_reconnects_total",
                help: "Connections opened to replace broken ones or after failed connects.", type: .counter)
            writer.sample("identity_server_postgres_reconnects_total", value: UInt64(statistics.reconnects))
            writer.family(
                "identity_server_store_writable", help: "1 unless the last readiness probe failed.", type: .gauge)
            writer.sample("identity_server_store_writable", value: health.problem == nil ? 1.0 : 0.0)
        }
    }

    /// One round trip (`SELECT 1`) on a pooled connection, bounded by the pool's deadlines; the
    /// outcome starts or ends a logged episode.
    public func readinessProblem() -> String? {
        do {
            try pool.withConnection { connection in _ = try connection.query("SELECT 1") }
            health.writeSucceeded()
            return nil
        } catch {
            let problem = "PostgreSQL cannot be reached: \((error as? PostgresError)?.message ?? "\(error)")"
            health.writeFailed(problem)
            return problem
        }
    }
}
