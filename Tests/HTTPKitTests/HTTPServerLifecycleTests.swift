#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import HTTPKit

/// Start, ports and graceful shutdown.
@Suite struct HTTPServerLifecycleTests {
    @Test func start_ReportsTheEphemeralPort() throws {
        let server = HTTPServer(configuration: TestServer.configuration(), responder: TestServer.makeRouter())
        let port = try server.start()
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        #expect(port > 0)
        #expect(server.port == port)
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }

    @Test func secondServerOnTheSamePort_FailsWithAddressInUse() throws {
        try TestServer.with { port, _ in
            var configuration = TestServer.configuration()
            configuration.port = port
            let second = HTTPServer(configuration: configuration, responder: TestServer.makeRouter())
            #expect(throws: HTTPServerError.addressInUse(host: "127.0.0.1", port: port)) { try second.start() }
        }
    }

    @Test func invalidHost_IsReported() {
        var configuration = TestServer.configuration()
        configuration.host = "not an address"
        let server = HTTPServer(configuration: configuration, responder: TestServer.makeRouter())
        #expect(throws: HTTPServerError.invalidAddress("not an address")) { try server.start() }
    }

    @Test func shutdown_FinishesInFlightRequests_ClosesIdleOnes_AndRefusesNewConnections() throws {
        let server = HTTPServer(configuration: TestServer.configuration(workers: 1), responder: TestServer.makeRouter())
        let port = try server.start()
        let idle = try TestClient(port: port)
        try idle.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)

        let inFlight = try TestClient(port: port)
        try inFlight.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(50_000)
        server.shutdown()

        let response = try inFlight.readResponse()
        #expect(response.status == 200)
        #expect(response.text == #"{"slow":true}"#)
        #expect(response.header("Connection") == "close")
        #expect(inFlight.isClosedByPeer())
        #expect(idle.isClosedByPeer())

        server.waitUntilStopped()
        #expect(throws: TestClientError.connect(ECONNREFUSED)) { try TestClient(port: port) }
    }

    @Test func shutdown_ClosesAConnection_OnceAResponseQueuedBeforeItIsWritten() throws {
        // Larger than the kernel's 4 MiB send buffer, so part of it is still queued in the
        // server when shutdown begins.
        let size = 12 * 1024 * 1024
        let server = HTTPServer(configuration: TestServer.configuration(workers: 1), responder: TestServer.makeRouter())
        let port = try server.start()
        let reader = try TestClient(port: port, receiveBufferSize: 16 * 1024)
        try reader.send("GET /big/\(size) HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try reader.readResponse(bodyExpected: false)
        #expect(head.header("Connection") == nil)
        let first = try reader.readSlowly(count: 64 * 1024, chunk: 16 * 1024, pauseMicroseconds: 1_000)
        server.shutdown()
        let rest = try reader.readSlowly(count: size - first.count, chunk: 256 * 1024, pauseMicroseconds: 0)
        #expect(first + rest == TestServer.pattern(size))
        #expect(reader.isClosedByPeer())
        server.waitUntilStopped()
    }

    @Test func shutdown_CutsUnfinishedRequests_AfterTheGracePeriod() throws {
        var configuration = TestServer.configuration(workers: 1)
        configuration.shutdownGracePeriod = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: TestServer.makeRouter())
        let port = try server.start()
        let stuck = try TestClient(port: port)
        try stuck.send("GET /v1/health/ HTTP/1.1\r\nHo")
        usleep(20_000)
        server.shutdown()
        server.waitUntilStopped()
        #expect(stuck.isClosedByPeer())
        #expect(server.openConnectionCount == 0)
    }

    @Test func shutdown_BeforeStart_AndWaitWithoutStart_ReturnAtOnce() {
        let server = HTTPServer(configuration: TestServer.configuration(), responder: TestServer.makeRouter())
        server.shutdown()
        server.waitUntilStopped()
        #expect(server.port == nil)
    }
}
