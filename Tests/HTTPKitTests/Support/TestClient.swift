#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Errors of the raw test client.
enum TestClientError: Error, Equatable {
    case connect(Int32)
    case timedOut
    case closed
    case io(Int32)
    case malformed(String)
}

/// A response as read off the wire by `TestClient`.
struct WireResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client with receive/send timeouts, so a misbehaving server fails a test
/// instead of hanging it. Reads are buffered so several responses can be split apart.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeout: Double = 5, receiveBufferSize: Int32? = nil) throws {
        let isIPv6 = host.contains(":")
        fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.connect(errno) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, 4)
        }
        let result: Int32
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        if result != 0 {
            let code = errno
            Glibc.close(fd)
            throw TestClientError.connect(code)
        }
    }

    deinit {
        Glibc.close(fd)
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestClientError.io(errno) }
            offset += sent
        }
    }

    /// Sends one byte per `send` call (the server sees many tiny segments).
    func sendByteByByte(_ text: String) throws {
        for byte in text.utf8 {
            try send([byte])
        }
    }

    func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads more bytes into the buffer; throws `closed` on EOF.
    private func fill(maxBytes: Int = 65536) throws {
        var chunk = [UInt8](repeating: 0, count: maxBytes)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maxBytes, 0) }
        if received > 0 {
            buffer.append(contentsOf: chunk[0..<received])
        } else if received == 0 {
            throw TestClientError.closed
        } else {
            let code = errno
            throw (code == EAGAIN || code == EWOULDBLOCK) ? TestClientError.timedOut : TestClientError.io(code)
        }
    }

    /// Reads one response. `bodyExpected: false` for answers to HEAD.
    func readResponse(bodyExpected: Bool = true) throws -> WireResponse {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if let found = buffer.firstRange(of: terminator) {
                headEnd = found.upperBound
            } else {
                try fill()
            }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd!)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw TestClientError.malformed(head) }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw TestClientError.malformed(head)
        }
        let headers = try lines.map { line -> (name: String, value: String) in
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformed(line) }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = WireResponse(status: status, headers: headers, body: [])
        if bodyExpected, status >= 200, let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length { try fill() }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        return response
    }

    /// True when the server closes the connection (EOF or reset) before the timeout with no
    /// further bytes; false when bytes arrive or the connection stays open.
    func isClosedByPeer() -> Bool {
        guard buffer.isEmpty else { return false }
        do {
            try fill()
            return false
        } catch TestClientError.closed {
            return true
        } catch TestClientError.io(let code) {
            return code == ECONNRESET
        } catch {
            return false
        }
    }

    /// Reads a fixed number of body bytes slowly, `chunk` bytes at a time with a pause.
    func readSlowly(count: Int, chunk: Int, pauseMicroseconds: UInt32) throws -> [UInt8] {
        var result = buffer
        buffer.removeAll()
        while result.count < count {
            var piece = [UInt8](repeating: 0, count: chunk)
            let received = piece.withUnsafeMutableBytes { recv(fd, $0.baseAddress, chunk, 0) }
            if received == 0 { throw TestClientError.closed }
            if received < 0 { throw TestClientError.io(errno) }
            result.append(contentsOf: piece[0..<received])
            usleep(pauseMicroseconds)
        }
        return result
    }

    /// Reads exactly `count` bytes into the buffer, returning them as text (for raw checks).
    func readRaw(count: Int) throws -> String {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
