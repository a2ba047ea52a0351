import HTTPKit

/// The operator's endpoints: `GET /metrics` (Prometheus text format 0.0.4) and
/// `GET /v1/ready/` (readiness for load balancers). `GET /v1/health/` stays Letta's.
///
/// - `/metrics` renders `registry`. With a password set it needs the password (Prometheus sends
///   it as a bearer token; the gateway answers 401 without it) and an API key gets 403; without
///   a password it is open like the API. Its own requests are not counted.
/// - `/v1/ready/` needs no credentials: 200 `{"version","status":"ready"}` while the store can
///   write, else 503 `{"version","status":"degraded","detail":"<why, in words>"}`.
public enum OperationsAPI {
    public static func register(
        on router: Router, context: APIContext, registry: MetricsRegistry, store: (any StoreOperations)?
    ) {
        router.get("/metrics") { _ in
            if context.authenticator.requiresCredentials, RequestScope.current?.principal != .admin {
                throw APIError(status: .forbidden, body: .message("Metrics need the server password; API keys cannot read them"))
            }
            var response = HTTPResponse(
                status: .ok, headers: ["Content-Type": PrometheusTextWriter.contentType], body: registry.render())
            response.route = .uncounted
            return response
        }
        router.get("/v1/ready/") { _ in
            var writer = JSONWriter(capacity: 160)
            writer.beginObject()
            writer.field("version", context.version)
            let problem = store?.readinessProblem()
            writer.field("status", problem == nil ? "ready" : "degraded")
            if let problem { writer.field("detail", problem) }
            writer.endObject()
            return .json(writer.bytes, status: problem == nil ? .ok : .serviceUnavailable)
        }
    }

    /// `identity_server_build_info{version,backend} 1`.
    public static func registerBuildInfo(on registry: MetricsRegistry, version: String, backend: String) {
        registry.gauge(
            "identity_server_build_info", help: "The server's version and storage backend.", labels: ["version", "backend"]
        ).labels(version, backend).set(1)
    }
}
