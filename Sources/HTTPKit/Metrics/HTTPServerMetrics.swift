import Synchronization

/// What an `HTTPServer` counts, for a metrics endpoint: requests by method, route template
/// and status, a request-duration histogram by route template, bytes received and sent, open
/// connections, requests in flight, connections refused at the limit and parse errors by kind.
///
/// Each event loop counts into its own `LoopMetrics` (no shared write per request); `write`
/// adds the loops up. Route labels are the router's templates (`RouteLabel` on each response),
/// so label values are bounded by the routes, whatever paths clients send.
///
/// ```swift
/// let metrics = HTTPServerMetrics(routeTemplates: router.routeTemplates)
/// configuration.metrics = metrics
/// registry.addCollector { metrics.write(into: &$0, excludingScrape: true) }
/// ```
public final class HTTPServerMetrics: Sendable {
    public let routeTemplates: [String]
    public let durationBounds: [Double]
    private let loops = Mutex<[LoopMetrics]>([])

    /// The `route` label of requests no route answered.
    public static let unmatchedRoute = "unmatched"

    public init(routeTemplates: [String], durationBounds: [Double] = MetricHistogram.durationBounds) {
        self.routeTemplates = routeTemplates
        self.durationBounds = durationBounds
    }

    /// A new loop's counters, included in every `write` from now on.
    func makeLoopMetrics() -> LoopMetrics {
        let loop = LoopMetrics(routeCount: routeTemplates.count, bounds: durationBounds)
        loops.withLock { $0.append(loop) }
        return loop
    }

    /// Requests answered so far, by (method, route, status).
    public func requestCounts() -> [RequestKey: UInt64] {
        var totals: [RequestKey: UInt64] = [:]
        for loop in loops.withLock({ $0 }) {
            for (key, count) in loop.requestCountsSnapshot() {
                totals[requestKey(key), default: 0] += count
            }
        }
        return totals
    }

    /// One `http_requests_total` series.
    public struct RequestKey: Hashable, Sendable {
        public var method: String
        public var route: String
        public var status: Int
    }

    /// Every family, summed over the loops. `excludingScrape`: the caller is a request of this
    /// server still in flight (a metrics handler), left out of `http_requests_in_flight`.
    public func write(into writer: inout PrometheusTextWriter, excludingScrape: Bool = false) {
        let loops = self.loops.withLock { $0 }
        func total(_ slot: LoopMetrics.Slot) -> UInt64 {
            loops.reduce(0) { $0 &+ $1.scalars.load(slot.rawValue) }
        }
        writeRequests(into: &writer)
        writeDurations(loops, into: &writer)

        writer.family("http_received_bytes_total", help: "Bytes read from client connections.", type: .counter)
        writer.sample("http_received_bytes_total", value: total(.bytesReceived))
        writer.family("http_sent_bytes_total", help: "Bytes written to client connections.", type: .counter)
        writer.sample("http_sent_bytes_total", value: total(.bytesSent))
        writer.family("http_open_connections", help: "Client connections open now.", type: .gauge)
        writer.sample("http_open_connections", value: total(.openConnections))
        let inFlight = total(.inFlight)
        writer.family("http_requests_in_flight", help: "Requests read and not yet answered.", type: .gauge)
        writer.sample("http_requests_in_flight", value: excludingScrape && inFlight > 0 ? inFlight - 1 : inFlight)
        writer.family(
            "http_refused_connections_total", help: "Connections refused (503) at the open-connection limit.",
            type: .counter)
        writer.sample("http_refused_connections_total", value: total(.refusedConnections))
        writer.family("http_parse_errors_total", help: "Malformed or oversized requests, by kind.", type: .counter)
        for (index, kind) in LoopMetrics.parseErrorKinds.enumerated() {
            let count = loops.reduce(UInt64(0)) { $0 &+ $1.parseErrors.load(index) }
            writer.sample("http_parse_errors_total", labels: [("kind", String(describing: kind))], value: count)
        }
    }

    private func writeRequests(into writer: inout PrometheusTextWriter) {
        writer.family("http_requests_total", help: "Requests answered, by method, route template and status.", type: .counter)
        let sorted = requestCounts().sorted {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }
        for (key, count) in sorted {
            writer.sample("http_requests_total", labels: [
                ("method", key.method), ("route", key.route), ("status", String(key.status)),
            ], value: count)
        }
    }

    private func writeDurations(_ loops: [LoopMetrics], into writer: inout PrometheusTextWriter) {
        writer.family(
            "http_request_duration_seconds", help: "Time from a request read to its response queued, by route template.",
            type: .histogram)
        let width = durationBounds.count + 2
        for slot in 0...routeTemplates.count {
            var counts = [UInt64](repeating: 0, count: durationBounds.count + 1)
            var sumNanoseconds: UInt64 = 0
            for loop in loops {
                for bucket in counts.indices { counts[bucket] &+= loop.durations.load(slot * width + bucket) }
                sumNanoseconds &+= loop.durations.load(slot * width + width - 1)
            }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            writer.histogram(
                "http_request_duration_seconds", labels: [("route", routeName(slot))], bounds: durationBounds,
                counts: counts, sum: Double(sumNanoseconds) / 1e9)
        }
    }

    private func routeName(_ slot: Int) -> String {
        slot == 0 ? Self.unmatchedRoute : routeTemplates[slot - 1]
    }

    private func requestKey(_ key: UInt64) -> RequestKey {
        RequestKey(
            method: LoopMetrics.methodName(Int(key >> 10 & 0xF)), route: routeName(Int(key >> 14)),
            status: Int(key & 0x3FF))
    }
}
