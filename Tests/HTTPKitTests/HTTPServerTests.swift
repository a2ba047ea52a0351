#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
@testable import HTTPKit

/// End-to-end behaviour over real sockets: framing, keep-alive, pipelining, HEAD, 100-continue.
@Suite struct HTTPServerTests {
    let get = "GET /v1/health/ HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test func get_ReturnsBodyWithDateLengthAndType() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send(get)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == TestServer.healthBody)
            #expect(response.header("Content-Length") == "34")
            #expect(response.header("Content-Type") == "application/json")
            let date = try #require(response.header("Date"))
            #expect(date.utf8.count == 29 && date.hasSuffix(" GMT"))
            #expect(response.header("Connection") == nil)
        }
    }

    @Test func handlerContentType_IsKept() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /text HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.text == "plain")
        }
    }

    @Test func keepAlive_ServesSeveralRequestsOnOneConnection() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            for _ in 0..<5 {
                try client.send(get)
                #expect(try client.readResponse().status == 200)
            }
        }
    }

    @Test func request_IsAnswered_WhenSentOneByteAtATime() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.sendByteByByte("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")
        }
    }

    @Test func pipelinedRequests_AreAnsweredInOrder() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                    + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree"
            )
            let first = try client.readResponse()
            let second = try client.readResponse()
            let third = try client.readResponse()
            #expect(first.text == "one")
            #expect(second.status == 404)
            #expect(third.text == "three")
        }
    }

    @Test func expectContinue_Sends100BeforeReadingTheBody() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readRaw(count: 25) == "HTTP/1.1 100 Continue\r\n\r\n")
            try client.send("body")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "body")
        }
    }

    @Test func expectContinue_OverTheBodyLimit_Gets413AndNo100() throws {
        var configuration = TestServer.configuration()
        configuration.maxBodyBytes = 100
        try TestServer.with(configuration) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func chunkedBody_WithExtensionsAndTrailers_IsDecoded() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE;a=\"b\"\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: yes\r\n\r\n"
            )
            let response = try client.readResponse()
            #expect(response.text == "Wikipedia in\r\n\r\nchunks.")
            try client.send(get)
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func head_SendsGetHeadersWithoutBody() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("HEAD /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(bodyExpected: false)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "34")
            try client.send(get)
            let next = try client.readResponse()
            #expect(next.body == TestServer.healthBody)
        }
    }

    @Test func http10_ClosesAfterResponse_ByDefault() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /v1/health/ HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func http10_KeepAlive_StaysOpen() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            for _ in 0..<2 {
                try client.send("GET /v1/health/ HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.header("Connection") == "keep-alive")
            }
        }
    }

    @Test func connectionClose_IsHonoured() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func largeResponse_ReachesASlowReaderCompletely() throws {
        let size = 4 * 1024 * 1024
        try TestServer.with(TestServer.configuration(workers: 1)) { port, _ in
            let slow = try TestClient(port: port, receiveBufferSize: 16 * 1024)
            try slow.send("GET /big/\(size) HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try slow.readResponse(bodyExpected: false)
            #expect(head.header("Content-Length") == String(size))
            let first = try slow.readSlowly(count: 256 * 1024, chunk: 16 * 1024, pauseMicroseconds: 2_000)
            // The loop keeps serving others while the big response waits for the slow reader.
            let other = try TestClient(port: port)
            try other.send(get)
            #expect(try other.readResponse().status == 200)
            let rest = try slow.readSlowly(count: size - first.count, chunk: 256 * 1024, pauseMicroseconds: 100)
            #expect(first + rest == TestServer.pattern(size))
        }
    }

    @Test func pipelinedLargeAndSmallResponses_ArriveWholeAndInOrder() throws {
        let sizes = [70_000, 3, 20_000, 16_384, 5, 300_000]
        try TestServer.with(TestServer.configuration(workers: 1)) { port, _ in
            let client = try TestClient(port: port, receiveBufferSize: 16 * 1024)
            var requests = ""
            for (index, size) in sizes.enumerated() {
                requests += index.isMultiple(of: 2)
                    ? "GET /big/\(size) HTTP/1.1\r\nHost: x\r\n\r\n"
                    : "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "e", count: size)
            }
            requests += "HEAD /big/50000 HTTP/1.1\r\nHost: x\r\n\r\n" + get
            try client.send(requests)
            for (index, size) in sizes.enumerated() {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == (index.isMultiple(of: 2) ? TestServer.pattern(size) : Array(repeating: UInt8(ascii: "e"), count: size)))
            }
            let head = try client.readResponse(bodyExpected: false)
            #expect(head.header("Content-Length") == "50000")
            #expect(try client.readResponse().body == TestServer.healthBody)
        }
    }

    @Test(.enabled(if: ipv6LoopbackAvailable()))
    func ipv6Loopback_IsServed() throws {
        var configuration = TestServer.configuration()
        configuration.host = "::1"
        try TestServer.with(configuration) { port, _ in
            let client = try TestClient(port: port, host: "::1")
            try client.send("GET /v1/health/ HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(try client.readResponse().body == TestServer.healthBody)
        }
    }

    @Test func wildcardIPv6_AcceptsIPv4Too() throws {
        var configuration = TestServer.configuration()
        configuration.host = "::"
        guard ipv6LoopbackAvailable() else { return }
        try TestServer.with(configuration) { port, _ in
            let client = try TestClient(port: port)
            try client.send(get)
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func wrongMethod_Gets405WithAllow() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("DELETE /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(response.text == #"{"detail":"Method Not Allowed"}"#)
        }
    }

    @Test func accessLog_ReceivesOneEntryPerRequest() throws {
        let entries = Mutex<[String]>([])
        var configuration = TestServer.configuration()
        configuration.accessLog = { method, path, status, microseconds in
            entries.withLock { $0.append("\(method) \(path) \(status.code) \(microseconds >= 0)") }
        }
        try TestServer.with(configuration) { port, _ in
            let client = try TestClient(port: port)
            try client.send(get + "GET /missing?q=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            _ = try client.readResponse()
        }
        #expect(entries.withLock { $0 } == ["GET /v1/health/ 200 true", "GET /missing 404 true"])
    }
}

/// Whether this machine can bind the IPv6 loopback.
func ipv6LoopbackAvailable() -> Bool {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
        }
    }
}
