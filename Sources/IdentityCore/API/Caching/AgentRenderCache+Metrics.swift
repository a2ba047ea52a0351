import HTTPKit

extension AgentRenderCache {
    /// `identity_server_agent_cache_*`: hits, misses and evictions (counters), bytes and entries held,
    /// and the budget (gauges).
    public func registerMetrics(on registry: MetricsRegistry) {
        registry.addCollector { [self] writer in
            let statistics = self.statistics
            for (name, help, value) in [
                ("hits", "Agent renderings served from the cache.", statistics.hits),
                ("misses", "Agent reads that had to load and render the agent.", statistics.misses),
                ("evictions", "Renderings evicted to stay within the budget.", statistics.evictions),
            ] {
                writer.family("identity_server_agent_cache_\(name)_total", help: help, type: .counter)
                writer.sample("identity_server_agent_cache_\(name)_total", value: UInt64(value))
            }
            for (name, help, value) in [
                ("bytes", "Bytes the cached agent renderings hold (JSON and entry overhead).", statistics.bytes),
                ("entries", "Agent renderings held.", statistics.entries),
                ("max_bytes", "The cache's budget (--agent-cache-mb).", maximumBytes),
            ] {
                writer.family("identity_server_agent_cache_\(name)", help: help, type: .gauge)
                writer.sample("identity_server_agent_cache_\(name)", value: UInt64(value))
            }
        }
    }
}
