#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPKit

@Suite struct AccessLogTests {
    @Test func standardErrorAccessLog_WritesOneLinePerRecord() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let log = StandardErrorAccessLog(fileDescriptor: fds[1])
        log.record(method: .get, path: "/v1/health/", status: .ok, microseconds: 42)
        log.sink(.post, "/a\nb", .notFound, 0)
        close(fds[1])
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = read(fds[0], &bytes, 256)
        #expect(String(decoding: bytes[0..<max(0, count)], as: UTF8.self) == "GET /v1/health/ 200 42us\nPOST /a?b 404 0us\n")
    }

    @Test func dateCache_FormatsIMFFixdate() {
        #expect(String(decoding: DateCache.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: DateCache.format(0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func responseEncoder_ReplacesFramingHeadersAndStripsLineBreaks() {
        var response = HTTPResponse(status: .ok, body: Array("{}".utf8))
        response.headers.add(name: "Content-Length", value: "99")
        response.headers.add(name: "X-Injected", value: "a\r\nSet-Cookie: x")
        var out: [UInt8] = []
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: false, isHTTP10: false)
        ResponseEncoder.encode(response, framing: framing, date: Array("D".utf8), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 OK\r\nX-Injected: a  Set-Cookie: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\nDate: D\r\nConnection: close\r\n\r\n{}")
    }

    @Test func responseEncoder_OmitsBodyAndLength_For204() {
        var out: [UInt8] = []
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: true, isHTTP10: false)
        ResponseEncoder.encode(HTTPResponse(status: HTTPStatus(code: 204, reasonPhrase: "No Content"), body: [1]),
                               framing: framing, date: Array("D".utf8), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 204 No Content\r\nDate: D\r\n\r\n")
    }

    @Test func responseEncoder_WritesGivenReasonPhrase_WhenItDiffersFromDeclaredOne() {
        var out: [UInt8] = []
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: true, isHTTP10: false)
        ResponseEncoder.encode(HTTPResponse(status: HTTPStatus(code: 200, reasonPhrase: "Fine")),
                               framing: framing, date: Array("D".utf8), into: &out)
        ResponseEncoder.encode(HTTPResponse(status: .conflict), framing: framing, date: Array("D".utf8), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 Fine\r\nContent-Length: 0\r\nDate: D\r\n\r\n"
            + "HTTP/1.1 409 Conflict\r\nContent-Length: 0\r\nDate: D\r\n\r\n")
    }
}
