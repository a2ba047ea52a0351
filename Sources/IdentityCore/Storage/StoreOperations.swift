import HTTPKit

/// What a store offers operators beyond the API: its metrics, its write health, and whether it
/// can take writes now (for readiness).
public protocol StoreOperations: Sendable {
    /// `sqlite` or `postgres`, for `identity_server_build_info`.
    var backendName: String { get }
    /// Lost writes and recoveries, logged once per episode.
    var health: StoreHealth { get }
    /// Adds the store's families (write groups, pool state, file sizes…) to `registry`.
    func registerMetrics(on registry: MetricsRegistry)
    /// Why the store cannot take writes now, in words; nil when it can. Cheap enough for a load
    /// balancer's probe every second.
    func readinessProblem() -> String?
}
