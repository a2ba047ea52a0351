#if canImport(Glibc)
import Glibc
#endif

/// An incremental HTTP/1.1 request parser: a pure state machine that is fed byte fragments
/// of any size (down to one byte) and yields complete requests, in order.
///
/// Usage: `append(_:)` whatever arrived, then call `next()` until it returns `nil` (more
/// bytes needed). Bytes after a complete request stay buffered for the next call, which is
/// how pipelining works: the caller asks for the next request only when it is ready to
/// answer it. Every byte is examined a bounded number of times (a line is searched for its
/// LF once, from where the previous search stopped), so parsing is linear in the input.
///
/// Framing follows RFC 9112 strictly, because a lenient parser behind a proxy is a request
/// smuggling vector: CRLF line endings only, no obs-fold, no whitespace before the colon,
/// one `Content-Length` value, no `Content-Length` with `Transfer-Encoding`, and `chunked`
/// as the only transfer coding. Any violation is a terminal `HTTPParseError`.
public struct HTTPRequestParser: Sendable {
    /// Size limits; exceeding one is an error with the matching status (431, 413, 414).
    public struct Limits: Sendable, Hashable {
        /// Request line plus header lines, CRLFs included (and, separately, the trailer section).
        public var maxHeaderBytes: Int
        /// Decoded body bytes; a larger `Content-Length` is rejected before any body byte is read.
        public var maxBodyBytes: Int
        /// Decoded body bytes of a `multipart/form-data` request (uploads), instead of
        /// `maxBodyBytes`; never below it.
        public var maxUploadBodyBytes: Int
        /// Bytes of the request-target.
        public var maxTargetBytes: Int
        /// Header fields in one request.
        public var maxHeaderCount: Int

        public init(
            maxHeaderBytes: Int = 16 * 1024,
            maxBodyBytes: Int = 1024 * 1024,
            maxTargetBytes: Int = 8 * 1024,
            maxHeaderCount: Int = 100,
            maxUploadBodyBytes: Int = 16 * 1024 * 1024
        ) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxUploadBodyBytes = maxUploadBodyBytes
            self.maxTargetBytes = maxTargetBytes
            self.maxHeaderCount = maxHeaderCount
        }
    }

    /// What `next()` produced.
    public enum Event: Sendable {
        /// The head of a request with `Expect: 100-continue` and a body within limits was
        /// parsed: write `HTTP/1.1 100 Continue` now; the body follows.
        case continueExpected
        /// A complete request, body decoded.
        case request(HTTPRequest)
    }

    enum State: Sendable, Equatable {
        case requestLine
        case headerLines
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    /// The result of one parsing step over the buffered bytes.
    enum Step {
        case needMore
        case event(Event)
        case failure(HTTPParseError)
    }

    /// Longest accepted chunk-size line (size, extensions), CRLF excluded.
    static let maxChunkLineBytes = 4096
    /// Room for method, spaces and version around the target in a request line.
    static let requestLineOverhead = 64

    public let limits: Limits
    var state: State = .requestLine
    var buffer: [UInt8] = []
    /// First byte not yet consumed.
    var readIndex = 0
    /// Bytes in `readIndex..<scanIndex` were already searched for LF without finding one.
    var scanIndex = 0
    var head = PartialRequest()

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between requests: nothing of a next request has arrived yet.
    public var isIdle: Bool {
        state == .requestLine && readIndex == buffer.count && head.headBytes == 0
    }

    /// Method and target of the request being read, once its request line is parsed; kept
    /// after a parse error, so the rejection can be logged with them.
    public var currentRequestLine: (method: HTTPMethod, target: String)? {
        head.target.isEmpty ? nil : (head.method, head.target)
    }

    /// True while the head is complete and body bytes (or chunk framing) are awaited.
    public var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return true
        default: return false
        }
    }

    /// Buffers received bytes. Cheap: consumed bytes are dropped first (amortised memmove).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Buffers received bytes (convenience for tests and tools).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Parses as far as the buffered bytes allow. Returns `nil` when more bytes are needed.
    /// After an error every later call throws the same error.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if case let .failed(error) = state { throw error }
        let storage = buffer
        let step = storage.withUnsafeBufferPointer { parse($0) }
        switch consume step {
        case .needMore:
            return nil
        case let .event(event):
            return event
        case let .failure(error):
            state = .failed(error)
            throw error
        }
    }

    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > 256 * 1024 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            readIndex = 0
            scanIndex = 0
        } else if readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Step {
        while true {
            switch state {
            case .requestLine, .headerLines, .trailers, .chunkSize:
                guard let lineFeed = findLineFeed(bytes) else {
                    if let error = lineLengthError(bytesBeforeLineFeed: bytes.count - readIndex) {
                        return .failure(error)
                    }
                    return .needMore
                }
                let lineStart = readIndex
                // The same length rules as for an unfinished line, checked first, so the
                // outcome does not depend on how the bytes were fragmented.
                if let error = lineLengthError(bytesBeforeLineFeed: lineFeed - lineStart) { return .failure(error) }
                readIndex = lineFeed + 1
                scanIndex = readIndex
                guard lineFeed > lineStart, bytes[lineFeed - 1] == HTTPByteClass.cr else {
                    return .failure(.invalidLineEnding)
                }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<(lineFeed - 1)])
                let lineBytes = lineFeed + 1 - lineStart
                let step: Step?
                switch state {
                case .requestLine: step = parseRequestLine(line, lineBytes: lineBytes)
                case .headerLines: step = parseHeaderLine(line, lineBytes: lineBytes)
                case .trailers: step = parseTrailerLine(line, lineBytes: lineBytes)
                default: step = parseChunkSizeLine(line)
                }
                if let step { return step }
            case let .fixedBody(remaining):
                let taken = takeBody(bytes, upTo: remaining)
                if taken == remaining { return .event(.request(completeRequest())) }
                state = .fixedBody(remaining: remaining - taken)
                return .needMore
            case let .chunkData(remaining):
                let taken = takeBody(bytes, upTo: remaining)
                guard taken == remaining else {
                    state = .chunkData(remaining: remaining - taken)
                    return .needMore
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                let available = bytes.count - readIndex
                if available >= 1 && bytes[readIndex] != HTTPByteClass.cr { return .failure(.invalidChunk) }
                guard available >= 2 else { return .needMore }
                guard bytes[readIndex + 1] == HTTPByteClass.lf else { return .failure(.invalidChunk) }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize
            case let .failed(error):
                return .failure(error)
            }
        }
    }

    /// The index of the next LF at or after the scan position, remembering how far it looked.
    private mutating func findLineFeed(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let from = Swift.max(scanIndex, readIndex)
        guard from < bytes.count, let base = bytes.baseAddress else {
            scanIndex = bytes.count
            return nil
        }
        guard let found = memchr(base + from, Int32(HTTPByteClass.lf), bytes.count - from) else {
            scanIndex = bytes.count
            return nil
        }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Limits judged on the bytes of a line before its LF, whether or not the LF has arrived,
    /// so an endless line fails early.
    private func lineLengthError(bytesBeforeLineFeed pending: Int) -> HTTPParseError? {
        switch state {
        case .requestLine:
            if pending > limits.maxTargetBytes + Self.requestLineOverhead { return .targetTooLong }
            if head.headBytes + pending > limits.maxHeaderBytes { return .headerTooLarge }
        case .headerLines, .trailers:
            if head.headBytes + pending > limits.maxHeaderBytes { return .headerTooLarge }
        case .chunkSize:
            if pending > Self.maxChunkLineBytes + 1 { return .invalidChunk }
        default:
            break
        }
        return nil
    }

    /// Appends up to `limit` buffered bytes to the body; returns how many.
    private mutating func takeBody(_ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        let count = Swift.min(limit, bytes.count - readIndex)
        guard count > 0 else { return 0 }
        head.body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[readIndex..<(readIndex + count)]))
        readIndex += count
        scanIndex = readIndex
        return count
    }

    mutating func completeRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: head.method, target: head.target, version: head.version,
            headers: head.headers, body: head.body
        )
        head = PartialRequest()
        state = .requestLine
        return request
    }
}

/// The request being assembled, plus the framing facts gathered from its header fields.
struct PartialRequest: Sendable {
    var method = HTTPMethod.get
    var target = ""
    var version = HTTPVersion.http1_1
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    /// Head bytes so far; reused for the trailer section once the head is done.
    var headBytes = 0
    var fieldCount = 0
    var hostCount = 0
    var contentLength: Int?
    var hasTransferEncoding = false
    var chunkedCount = 0
    var lastCodingIsChunked = false
    var hasUnknownCoding = false
    var expectsContinue = false
    var hasUnsupportedExpectation = false
    var isChunked = false
    /// `Content-Type: multipart/form-data`: the upload body limit applies.
    var isFormData = false
}
