import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The bytes a connection has queued but not yet sent, in order.
///
/// Heads and small bodies are gathered into one owned buffer, so a typical response still
/// leaves in a single `send`. A large body is queued as its own segment, sharing the
/// response's storage instead of being copied; `send(to:)` then hands head and body to the
/// kernel together with `sendmsg` (scatter/gather), so the body is copied only by the kernel.
struct OutputQueue {
    /// Bodies at least this long are queued by reference instead of copied.
    static let sharedBodyThreshold = 16 * 1024
    /// Segments handed to one `sendmsg`; more go out in the next call.
    static let maxSegmentsPerSend = 8
    /// An emptied buffer larger than this is released instead of kept for the next response.
    static let retainedCapacity = 1024 * 1024

    /// Unsent segments, oldest first; bytes before `sentOffset` of the first are already sent.
    private var segments: [[UInt8]] = []
    /// Whether the last segment is our own buffer (appendable) rather than a shared body.
    private var lastIsOwned = false
    private var sentOffset = 0
    /// An emptied owned buffer kept for reuse, so steady traffic allocates nothing.
    private var spare: [UInt8] = []
    /// Bytes queued and not yet sent.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Runs `body` on the owned buffer at the end of the queue (starting one when the last
    /// segment is shared), counting what it appends.
    mutating func appendInPlace<Result>(_ body: (inout [UInt8]) -> Result) -> Result {
        if !lastIsOwned {
            segments.append(spare)
            spare = []
            lastIsOwned = true
        }
        let last = segments.count - 1
        let before = segments[last].count
        let result = body(&segments[last])
        count += segments[last].count - before
        return result
    }

    /// Copies `bytes` into the owned buffer at the end of the queue.
    mutating func append(_ bytes: [UInt8]) {
        appendInPlace { $0.append(contentsOf: bytes) }
    }

    /// Queues `bytes` by reference when large, by copy otherwise.
    mutating func appendBody(_ bytes: [UInt8]) {
        guard bytes.count >= Self.sharedBodyThreshold else {
            append(bytes)
            return
        }
        segments.append(bytes)
        lastIsOwned = false
        count += bytes.count
    }

    /// Sends as much as the socket takes without blocking. Returns the bytes sent, 0 when
    /// nothing is queued, or -1 with `errno` set by `sendmsg`.
    mutating func send(to fd: Int32) -> Int {
        guard count > 0 else { return 0 }
        let segmentCount = min(segments.count, Self.maxSegmentsPerSend)
        let sent = withUnsafeTemporaryAllocation(of: iovec.self, capacity: segmentCount) { vectors in
            gather(from: 0, upTo: segmentCount, into: vectors) {
                var message = msghdr()
                message.msg_iov = vectors.baseAddress
                message.msg_iovlen = segmentCount
                return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            }
        }
        if sent > 0 { consume(sent) }
        return sent
    }

    /// Points `vectors[index...]` at the unsent bytes of those segments, then runs `send`
    /// while every segment's storage is pinned (each pointer is valid only inside its
    /// `withUnsafeBytes`, hence the recursion, at most `maxSegmentsPerSend` deep).
    private func gather(from index: Int, upTo end: Int, into vectors: UnsafeMutableBufferPointer<iovec>,
                        _ send: () -> Int) -> Int {
        guard index < end else { return send() }
        return segments[index].withUnsafeBytes { bytes in
            let skip = index == 0 ? sentOffset : 0
            vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + skip),
                                   iov_len: bytes.count - skip)
            return gather(from: index + 1, upTo: end, into: vectors, send)
        }
    }

    /// Drops `sent` bytes from the front, keeping one emptied owned buffer for reuse.
    private mutating func consume(_ sent: Int) {
        count -= sent
        var remaining = sentOffset + sent
        var finished = 0
        while finished < segments.count && remaining >= segments[finished].count {
            remaining -= segments[finished].count
            finished += 1
        }
        if count == 0 {
            if lastIsOwned, segments[segments.count - 1].capacity <= Self.retainedCapacity {
                spare = segments.removeLast()
                spare.removeAll(keepingCapacity: true)
            }
            segments.removeAll(keepingCapacity: true)
            lastIsOwned = false
            sentOffset = 0
            return
        }
        if finished > 0 {
            segments.removeFirst(finished)
        }
        sentOffset = remaining
    }
}
