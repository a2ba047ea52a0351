import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// `GET /metrics` and `GET /v1/ready/` behind the gateway, on the test backend.
@Suite struct OperationsAPITests {
    /// The harness's gateway with the operations routes added to a fresh router.
    private func gateway(password: String?) throws -> (GatewayHarness, APIGateway, MetricsRegistry, any StoreOperations) {
        let harness = try GatewayHarness(password: password)
        let router = LettaAPI.makeRouter(context: harness.context)
        let registry = MetricsRegistry()
        let operations = try #require(
            harness.store as? any StoreOperations ?? (harness.store as? RecycledPostgresStore)?.store)
        OperationsAPI.register(on: router, context: harness.context, registry: registry, store: operations)
        OperationsAPI.registerBuildInfo(on: registry, version: "0.16.8", backend: operations.backendName)
        operations.registerMetrics(on: registry)
        return (harness, APIGateway(context: harness.context, router: router), registry, operations)
    }

    private func send(_ gateway: APIGateway, _ target: String, bearer: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let bearer { headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        return gateway.respond(to: HTTPRequest(method: .get, target: target, headers: headers))
    }

    @Test func metrics_InPasswordMode_NeedThePassword_AndRefuseAPIKeys() throws {
        let (harness, gateway, _, operations) = try gateway(password: GatewayHarness.password)
        #expect(send(gateway, "/metrics").status == .unauthorized)
        let key = harness.tenant("metrics-tenant").secret
        let refused = send(gateway, "/metrics", bearer: key)
        #expect(refused.status == .forbidden)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("Metrics need the server password"))
        let scraped = send(gateway, "/metrics", bearer: GatewayHarness.password)
        #expect(scraped.status == .ok)
        #expect(scraped.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(scraped.route == .uncounted)
        let text = String(decoding: scraped.body, as: UTF8.self)
        #expect(text.contains("identity_server_build_info{version=\"0.16.8\",backend=\"\(operations.backendName)\"} 1\n"))
        #expect(text.contains("identity_server_store_writable 1\n"))
        if operations.backendName == "postgres" {
            #expect(text.contains("identity_server_postgres_pool_size 2\n"))
            #expect(text.contains("identity_server_postgres_pool_in_use 0\n"))
        } else {
            #expect(text.contains("# TYPE identity_server_sqlite_write_group_size histogram\n"))
        }
    }

    @Test func metrics_WithoutPassword_AreOpen() throws {
        let (_, gateway, _, _) = try gateway(password: nil)
        let scraped = send(gateway, "/metrics")
        #expect(scraped.status == .ok)
        #expect(String(decoding: scraped.body, as: UTF8.self).contains("# TYPE identity_server_build_info gauge\n"))
    }

    @Test func readiness_IsOpen_AndFollowsTheStore() throws {
        let (_, gateway, _, operations) = try gateway(password: GatewayHarness.password)
        let ready = send(gateway, "/v1/ready/")
        #expect(ready.status == .ok)
        #expect(String(decoding: ready.body, as: UTF8.self) == #"{"version":"0.16.8","status":"ready"}"#)
        guard operations.backendName == "sqlite" else { return }
        // An in-memory SQLite store has no file system to re-check: the episode decides.
        operations.health.writeFailed("The disk is full: test")
        let degraded = send(gateway, "/v1/ready/")
        #expect(degraded.status == .serviceUnavailable)
        #expect(String(decoding: degraded.body, as: UTF8.self)
            == #"{"version":"0.16.8","status":"degraded","detail":"The disk is full: test"}"#)
        operations.health.writeSucceeded()
        #expect(send(gateway, "/v1/ready/").status == .ok)
    }
}
