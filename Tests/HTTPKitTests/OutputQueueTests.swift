#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPKit

/// The connection's output queue: order across copied and shared segments, partial sends,
/// more segments than one `sendmsg` takes, and buffer reuse.
@Suite struct OutputQueueTests {
    /// A connected pair of non-blocking stream sockets with small buffers, so sends are partial.
    private struct SocketPair {
        let writer: Int32
        let reader: Int32

        init() throws {
            var fds: [Int32] = [0, 0]
            try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
            writer = fds[0]
            reader = fds[1]
            var size: Int32 = 4096
            setsockopt(writer, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
            _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) | O_NONBLOCK)
        }

        func drain() -> [UInt8] {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(reader, &buffer, buffer.count)
                if count <= 0 { return received }
                received.append(contentsOf: buffer[0..<count])
            }
        }

        func close() {
            Glibc.close(writer)
            Glibc.close(reader)
        }
    }

    private static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7) &+ seed }
    }

    /// Sends until the queue is empty, reading between sends; returns what arrived.
    private static func sendAll(_ queue: inout OutputQueue, through pair: SocketPair) -> [UInt8] {
        var received: [UInt8] = []
        var rounds = 0
        while !queue.isEmpty && rounds < 100_000 {
            let before = queue.count
            let sent = queue.send(to: pair.writer)
            #expect(sent != 0)
            if sent > 0 { #expect(queue.count == before - sent) }
            received += pair.drain()
            rounds += 1
        }
        return received + pair.drain()
    }

    @Test func mixedSegments_ArriveInOrder_ThroughPartialSends() throws {
        let pair = try SocketPair()
        defer { pair.close() }
        var queue = OutputQueue()
        var expected: [UInt8] = []
        for index in 0..<20 {
            let head = Self.bytes(40 + index, seed: UInt8(index))
            queue.append(head)
            expected += head
            let body = Self.bytes(index.isMultiple(of: 3) ? 100 : OutputQueue.sharedBodyThreshold + index * 1000,
                                  seed: UInt8(100 + index))
            queue.appendBody(body)
            expected += body
        }
        #expect(queue.count == expected.count)
        let received = Self.sendAll(&queue, through: pair)
        #expect(queue.isEmpty)
        #expect(received.count == expected.count)
        #expect(received == expected)
    }

    @Test func appendsAfterAPartialSend_FollowTheUnsentBytes() throws {
        let pair = try SocketPair()
        defer { pair.close() }
        var queue = OutputQueue()
        let first = Self.bytes(3 * OutputQueue.sharedBodyThreshold, seed: 1)
        queue.append(Array("head".utf8))
        queue.appendBody(first)
        let sent = queue.send(to: pair.writer)
        #expect(sent > 0 && sent < first.count)
        let later = Self.bytes(50, seed: 9)
        queue.append(later)
        let received = Self.sendAll(&queue, through: pair)
        #expect(received == Array("head".utf8) + first + later)
    }

    @Test func emptiedQueue_IsReusedForTheNextResponse() throws {
        let pair = try SocketPair()
        defer { pair.close() }
        var queue = OutputQueue()
        for round in 0..<3 {
            let message = Self.bytes(200, seed: UInt8(round))
            queue.append(message)
            #expect(Self.sendAll(&queue, through: pair) == message)
            #expect(queue.count == 0)
        }
        #expect(queue.send(to: pair.writer) == 0)
    }

    @Test func closedPeer_ReportsTheError() throws {
        let pair = try SocketPair()
        Glibc.close(pair.reader)
        defer { Glibc.close(pair.writer) }
        var queue = OutputQueue()
        queue.appendBody(Self.bytes(OutputQueue.sharedBodyThreshold, seed: 3))
        #expect(queue.send(to: pair.writer) == -1)
        #expect(errno == EPIPE)
        #expect(queue.count == OutputQueue.sharedBodyThreshold)
    }

    @Test func encoder_QueuesALargeBodyAfterItsHead_AndMatchesTheContiguousEncoding() throws {
        let pair = try SocketPair()
        defer { pair.close() }
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: true, isHTTP10: false)
        let date = Array("Mon, 07 Dec 2026 12:00:00 GMT".utf8)
        var queue = OutputQueue()
        var contiguous: [UInt8] = []
        for size in [0, 10, OutputQueue.sharedBodyThreshold - 1, OutputQueue.sharedBodyThreshold, 200_000] {
            let response = HTTPResponse.json(Self.bytes(size, seed: 5))
            ResponseEncoder.encode(response, framing: framing, date: date, into: &queue)
            ResponseEncoder.encode(response, framing: framing, date: date, into: &contiguous)
        }
        let head = ResponseEncoder.Framing(suppressBody: true, keepAlive: true, isHTTP10: false)
        let large = HTTPResponse.json(Self.bytes(100_000, seed: 6))
        ResponseEncoder.encode(large, framing: head, date: date, into: &queue)
        ResponseEncoder.encode(large, framing: head, date: date, into: &contiguous)
        #expect(queue.count == contiguous.count)
        #expect(Self.sendAll(&queue, through: pair) == contiguous)
    }
}
