import Foundation
import HTTPKit

/// Configurations and a router used by the wire tests.
enum TestServer {
    static let healthBody = Array(#"{"version":"0.16.8","status":"ok"}"#.utf8)

    static func configuration(workers: Int = 2) -> HTTPServerConfiguration {
        HTTPServerConfiguration(host: "127.0.0.1", port: 0, workers: workers)
    }

    /// Deterministic bytes for large-body checks: a 251-byte cycle (prime, so a lost or
    /// repeated power-of-two sized chunk shows), cheap to build even in debug builds.
    static func pattern(_ count: Int) -> [UInt8] {
        let cycle = (0..<251).map { UInt8($0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            bytes.append(contentsOf: cycle.prefix(count - bytes.count))
        }
        return bytes
    }

    static func makeRouter() -> Router {
        let router = Router()
        router.get("/v1/health/") { _ in .json(healthBody) }
        router.post("/echo") { request in
            var response = HTTPResponse(body: request.body)
            response.headers.add(name: "Content-Type", value: "application/octet-stream")
            response.headers.add(name: "X-Method", value: request.method.rawValue)
            return response
        }
        router.get("/big/{size}") { request in
            HTTPResponse(body: pattern(Int(request.pathParameters["size"] ?? "0") ?? 0))
        }
        router.get("/slow") { _ in
            usleep(200_000)
            return .json(Array(#"{"slow":true}"#.utf8))
        }
        router.get("/text") { _ in
            HTTPResponse(headers: ["Content-Type": "text/plain"], body: Array("plain".utf8))
        }
        return router
    }

    /// Starts a server, runs `body` with its port, then shuts it down and waits for it.
    static func with(
        _ configuration: HTTPServerConfiguration = configuration(),
        responder: (any HTTPResponder)? = nil,
        _ body: (Int, HTTPServer) throws -> Void
    ) throws {
        let server = HTTPServer(configuration: configuration, responder: responder ?? makeRouter())
        let port = try server.start()
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        try body(port, server)
    }
}
