import Synchronization
import Testing
@testable import HTTPKit

/// Every framing or limit violation over the wire: a complete JSON error with the mapped
/// status and `Connection: close`, then the server closes the connection.
@Suite struct HTTPServerRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var request: String
        var status: Int
        var detail: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "garbage request line", request: "HELLO\r\n\r\n", status: 400, detail: "Invalid request line"),
        Case(name: "header without colon", request: "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
             status: 400, detail: "Invalid header line"),
        Case(name: "space before colon", request: "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
             status: 400, detail: "Invalid header line"),
        Case(name: "bare CR", request: "GET / HTTP/1.1\r\nHost: x\rY\r\n\r\n", status: 400, detail: "Invalid line ending"),
        Case(name: "bare LF", request: "GET / HTTP/1.1\nHost: x\n\n", status: 400, detail: "Invalid line ending"),
        Case(name: "obs-fold", request: "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n",
             status: 400, detail: "Obsolete line folding is not allowed"),
        Case(name: "invalid token char", request: "GET / HTTP/1.1\r\nHost: x\r\nX[A]: 1\r\n\r\n",
             status: 400, detail: "Invalid header line"),
        Case(name: "missing Host", request: "GET / HTTP/1.1\r\n\r\n", status: 400, detail: "Missing or duplicate Host header"),
        Case(name: "CL and TE", request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
             status: 400, detail: "Content-Length and Transfer-Encoding together"),
        Case(name: "conflicting CL", request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
             status: 400, detail: "Invalid Content-Length"),
        Case(name: "signed CL", request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc",
             status: 400, detail: "Invalid Content-Length"),
        Case(name: "overflowing CL", request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 184467440737095516160\r\n\r\n",
             status: 400, detail: "Invalid Content-Length"),
        Case(name: "TE gzip", request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
             status: 501, detail: "Transfer-Encoding not implemented"),
        Case(name: "header block too large",
             request: "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n",
             status: 431, detail: "Request header fields too large"),
        Case(name: "declared body too large", request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\n",
             status: 413, detail: "Request body too large"),
        Case(name: "chunked body too large",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n",
             status: 413, detail: "Request body too large"),
        Case(name: "target too long", request: "GET /" + String(repeating: "t", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
             status: 414, detail: "Request target too long"),
        Case(name: "HTTP/1.2", request: "GET / HTTP/1.2\r\nHost: x\r\n\r\n", status: 505, detail: "HTTP version not supported"),
        Case(name: "bad chunk size", request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
             status: 400, detail: "Invalid chunked body"),
        Case(name: "unsupported Expect", request: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n",
             status: 417, detail: "Unsupported Expect value"),
    ]

    @Test(arguments: cases)
    func malformedRequest_GetsJSONErrorAndClose(_ testCase: Case) throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send(testCase.request)
            let response = try client.readResponse()
            #expect(response.status == testCase.status)
            #expect(response.text == #"{"detail":"\#(testCase.detail)"}"#)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func bodyOverLimit_IsRejectedFromContentLength_WhileTheClientKeepsSending() throws {
        var configuration = TestServer.configuration()
        configuration.maxBodyBytes = 1000
        try TestServer.with(configuration) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n")
            try client.send([UInt8](repeating: 65, count: 100_000))
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func parseError_AfterAGoodPipelinedRequest_FollowsItsResponse() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\nBROKEN LINE\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let error = try client.readResponse()
            #expect(error.status == 400)
            #expect(error.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func unknownMethodToken_ReachesTheRouter() throws {
        try TestServer.with { port, _ in
            let client = try TestClient(port: port)
            try client.send("PURGE /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\nget /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 405)
            #expect(try client.readResponse().status == 405)
        }
    }

    @Test func rejectedRequests_AreLogged_WithTheRequestLineWhenItWasRead() throws {
        let rejected = Mutex<[String]>([])
        let all = Mutex<[String]>([])
        var configuration = TestServer.configuration()
        configuration.headerTimeout = .milliseconds(200)
        configuration.rejectedRequestLog = { method, path, status, microseconds in
            rejected.withLock { $0.append("\(method) \(path) \(status.code) \(microseconds)") }
        }
        configuration.accessLog = { method, path, status, _ in
            all.withLock { $0.append("\(method) \(path) \(status.code)") }
        }
        try TestServer.with(configuration) { port, _ in
            for request in [
                "GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo?q=secret HTTP/1.1\r\nHost : x\r\n\r\n",
                "HELLO\r\n\r\n",
                "GET http://h/a/b?c HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n",
                "GET /slowloris HTTP/1.1\r\nHost: x\r\n",
            ] {
                let client = try TestClient(port: port)
                try client.send(request)
                var status = try client.readResponse().status
                if status == 200 { status = try client.readResponse().status }
                #expect(status >= 400)
                #expect(client.isClosedByPeer())
            }
        }
        #expect(rejected.withLock { $0 } == ["POST /echo 400 0", "- - 400 0", "GET /a/b 431 0", "GET /slowloris 408 0"])
        #expect(all.withLock { $0 } == ["GET /v1/health/ 200", "POST /echo 400", "- - 400", "GET /a/b 431", "GET /slowloris 408"])
    }
}
