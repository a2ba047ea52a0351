#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPKit

/// The server's own counters over real sockets: known traffic in, matching numbers out.
@Suite struct HTTPServerMetricsTests {
    private func metricsServer(maxConnections: Int = 100) -> (HTTPServerConfiguration, Router, HTTPServerMetrics) {
        let router = TestServer.makeRouter()
        let metrics = HTTPServerMetrics(routeTemplates: router.routeTemplates)
        var configuration = TestServer.configuration()
        configuration.metrics = metrics
        configuration.maxConnections = maxConnections
        return (configuration, router, metrics)
    }

    /// The value of an unlabelled sample in a rendering.
    private func value(_ name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return String(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test func requests_AreCountedByMethodTemplateAndStatus() throws {
        let (configuration, router, metrics) = metricsServer()
        try TestServer.with(configuration, responder: router) { port, _ in
            let client = try TestClient(port: port)
            var requestBytes = 0
            var bodyBytes = 0
            func exchange(_ request: String) throws -> WireResponse {
                requestBytes += request.utf8.count
                try client.send(request)
                let response = try client.readResponse()
                bodyBytes += response.body.count
                return response
            }
            for _ in 0..<3 {
                _ = try exchange("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            for size in [10, 20, 30, 40] {
                #expect(try exchange("GET /big/\(size) HTTP/1.1\r\nHost: x\r\n\r\n").body.count == size)
            }
            _ = try exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
            #expect(try exchange("GET /random-\(Int.random(in: 0..<1_000_000)) HTTP/1.1\r\nHost: x\r\n\r\n").status == 404)
            #expect(try exchange("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n").status == 405)

            let counts = metrics.requestCounts()
            #expect(counts == [
                .init(method: "GET", route: "/v1/health/", status: 200): 3,
                .init(method: "GET", route: "/big/{size}", status: 200): 4,
                .init(method: "POST", route: "/echo", status: 200): 1,
                .init(method: "GET", route: "unmatched", status: 404): 1,
                .init(method: "DELETE", route: "unmatched", status: 405): 1,
            ])
            var writer = PrometheusTextWriter()
            metrics.write(into: &writer)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            #expect(text.contains("http_request_duration_seconds_count{route=\"/big/{size}\"} 4\n"))
            #expect(text.contains("http_request_duration_seconds_bucket{route=\"/big/{size}\",le=\"+Inf\"} 4\n"))
            #expect(text.contains("http_requests_total{method=\"GET\",route=\"/v1/health/\",status=\"200\"} 3\n"))
            #expect(value("http_open_connections", in: text) == "1")
            #expect(value("http_requests_in_flight", in: text) == "0")
            #expect(value("http_received_bytes_total", in: text) == String(requestBytes))
            // Every response has a status line and headers (at least 40 bytes) besides its body.
            let sent = try #require(UInt64(value("http_sent_bytes_total", in: text) ?? ""))
            #expect(sent >= UInt64(bodyBytes + 9 * 40))
        }
    }

    @Test func parseErrorsAndRefusedConnections_AreCounted() throws {
        let (configuration, router, metrics) = metricsServer(maxConnections: 1)
        try TestServer.with(configuration, responder: router) { port, server in
            do {
                // Closed at the end of this scope, so the server's lingering close ends.
                let bad = try TestClient(port: port)
                try bad.send("HELLO\r\n\r\n")
                #expect(try bad.readResponse().status == 400)
                #expect(bad.isClosedByPeer())
            }
            var waited = 0
            while server.openConnectionCount > 0 && waited < 100 {
                usleep(10_000)
                waited += 1
            }
            let holder = try TestClient(port: port)
            try holder.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try holder.readResponse().status == 200)
            let refused = try TestClient(port: port)
            #expect(try refused.readResponse().status == 503)

            var writer = PrometheusTextWriter()
            metrics.write(into: &writer)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            #expect(text.contains("http_parse_errors_total{kind=\"invalidRequestLine\"} 1\n"))
            #expect(text.contains("http_parse_errors_total{kind=\"invalidHost\"} 0\n"))
            #expect(value("http_refused_connections_total", in: text) == "1")
            // Rejected before a request was read: not in the request counts.
            #expect(metrics.requestCounts() == [.init(method: "GET", route: "/v1/health/", status: 200): 1])
        }
    }
}
