#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPKit

/// Timeouts (short ones here) and the connection cap: slow or idle clients cost nothing.
@Suite struct HTTPServerTimeoutTests {
    func configuration() -> HTTPServerConfiguration {
        var configuration = TestServer.configuration(workers: 1)
        configuration.headerTimeout = .milliseconds(300)
        configuration.bodyTimeout = .milliseconds(300)
        configuration.idleTimeout = .milliseconds(300)
        configuration.writeTimeout = .milliseconds(300)
        return configuration
    }

    @Test func headerTimeout_Answers408AndCloses() throws {
        try TestServer.with(configuration()) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /v1/health/ HTTP/1.1\r\nHo")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.text == #"{"detail":"Request timeout"}"#)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func headerTimeout_CountsFromFirstByte_NotFromLastByte() throws {
        try TestServer.with(configuration()) { port, _ in
            let client = try TestClient(port: port)
            var status = 0
            // Trickle one byte every 50 ms: progress does not extend the header deadline.
            for byte in "GET /v1/health/ HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789\r\n\r\n".utf8 {
                guard (try? client.send([byte])) != nil else { break }
                usleep(50_000)
                if let response = try? client.readResponseIfAvailable() {
                    status = response.status
                    break
                }
            }
            if status == 0, let late = try? client.readResponse() { status = late.status }
            #expect(status == 408)
        }
    }

    @Test func bodyTimeout_Answers408AndCloses() throws {
        try TestServer.with(configuration()) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func idleTimeout_ClosesSilently_BeforeAndBetweenRequests() throws {
        try TestServer.with(configuration()) { port, server in
            let fresh = try TestClient(port: port)
            #expect(fresh.isClosedByPeer())
            let used = try TestClient(port: port)
            try used.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try used.readResponse().status == 200)
            #expect(used.isClosedByPeer())
        }
    }

    @Test func writeTimeout_ClosesAReaderThatStopsReading() throws {
        try TestServer.with(configuration()) { port, server in
            let client = try TestClient(port: port, receiveBufferSize: 4096)
            try client.send("GET /big/8388608 HTTP/1.1\r\nHost: x\r\n\r\n")
            // The timeout is 300 ms; allow a starved machine (CI beside a benchmark) 20 s.
            var waited = 0
            while server.openConnectionCount > 0 && waited < 200 {
                usleep(100_000)
                waited += 1
            }
            #expect(server.openConnectionCount == 0)
        }
    }

    @Test func connectionCap_AnswersExtraConnectionsWith503() throws {
        var capped = configuration()
        capped.maxConnections = 2
        capped.idleTimeout = .seconds(10)
        try TestServer.with(capped) { port, server in
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            for client in [first, second] {
                try client.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try TestClient(port: port)
            let rejected = try third.readResponse()
            #expect(rejected.status == 503)
            #expect(rejected.header("Connection") == "close")
            #expect(third.isClosedByPeer())
            // Once a slot frees up, new connections are served again.
            try first.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            _ = try first.readResponse()
            #expect(first.isClosedByPeer())
            var waited = 0
            while server.openConnectionCount > 1 && waited < 50 {
                usleep(20_000)
                waited += 1
            }
            let fourth = try TestClient(port: port)
            try fourth.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try fourth.readResponse().status == 200)
        }
    }

    @Test func fiftySlowClients_DoNotDelayAFreshOne() throws {
        var patient = TestServer.configuration(workers: 1)
        patient.headerTimeout = .seconds(20)
        try TestServer.with(patient) { port, server in
            let slow = try (0..<50).map { _ in try TestClient(port: port) }
            for client in slow {
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Len")
            }
            let fresh = try TestClient(port: port, timeout: 2)
            try fresh.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try fresh.readResponse().status == 200)
            #expect(server.openConnectionCount == 51)
        }
    }
}

extension TestClient {
    /// A response if one arrives within 1 ms, else nil (without consuming partial bytes).
    func readResponseIfAvailable() throws -> WireResponse? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 1) > 0 else { return nil }
        return try readResponse()
    }
}
