#if canImport(Glibc)
import Glibc
#endif

/// An incremental `multipart/form-data` parser (RFC 7578 over RFC 2046 §5.1 framing): a pure
/// state machine fed byte fragments of any size (down to one byte) that yields complete parts
/// in order. Fragmentation never changes the outcome: a decision is taken only once the bytes
/// it depends on have arrived.
///
/// Usage: `append(_:)` what arrived and call `next()` until it returns nil; after the last
/// fragment call `finish()` and drain `next()` again: a body without its close delimiter then
/// fails with `.unexpectedEnd`. Each body byte is compared with the delimiter a bounded number
/// of times (the search resumes where it stopped), so parsing is linear in the input.
///
/// The preamble before the first boundary and the epilogue after the close delimiter are
/// ignored, as RFC 2046 asks. Every part must carry `Content-Disposition: form-data` with a
/// `name` (RFC 7578 §4.2).
public struct MultipartParser: Sendable {
    /// Bounds on what one body may hold.
    public struct Limits: Sendable, Hashable {
        /// Parts in one body.
        public var maxParts: Int
        /// One part's header section, CRLFs included.
        public var maxPartHeaderBytes: Int
        /// Header fields of one part.
        public var maxPartHeaderCount: Int

        public init(maxParts: Int = 128, maxPartHeaderBytes: Int = 8 * 1024, maxPartHeaderCount: Int = 16) {
            self.maxParts = maxParts
            self.maxPartHeaderBytes = maxPartHeaderBytes
            self.maxPartHeaderCount = maxPartHeaderCount
        }
    }

    enum State: Sendable, Equatable {
        /// Looking for the first delimiter (preamble bytes are skipped).
        case preamble
        /// Just after a delimiter: `--` closes, else optional padding and CRLF open a part.
        case afterDelimiter
        case headers
        case body
        /// After the close delimiter: the rest is epilogue.
        case done
        case failed(MultipartError)
    }

    public let limits: Limits
    /// CRLF `--` boundary: what ends a part's body (RFC 2046 §5.1.1).
    private let delimiter: [UInt8]
    private(set) var state: State = .preamble
    /// Starts with a CRLF so a delimiter at the very beginning is found like every other.
    private var buffer: [UInt8] = [13, 10]
    private var readIndex = 0
    /// Bytes in `readIndex..<scanIndex` are known not to start a delimiter or end a line.
    private var scanIndex = 0
    private var isFinished = false
    private var headers = HTTPHeaders()
    private var headerBytes = 0
    private var partCount = 0

    /// A parser for parts separated by `boundary` (from the `Content-Type` parameter).
    public init(boundary: String, limits: Limits = Limits()) throws(MultipartError) {
        guard Self.isValidBoundary(boundary) else { throw .invalidBoundary }
        self.limits = limits
        delimiter = [13, 10, UInt8(ascii: "-"), UInt8(ascii: "-")] + Array(boundary.utf8)
    }

    /// True once the close delimiter was read.
    public var isComplete: Bool { state == .done }

    /// Buffers received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard state != .done else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Marks the end of the input: a body still open then fails on the next `next()`.
    public mutating func finish() {
        isFinished = true
    }

    /// The next complete part, or nil when more bytes are needed (or the body is complete).
    /// After an error every later call throws the same error.
    public mutating func next() throws(MultipartError) -> MultipartPart? {
        if case let .failed(error) = state { throw error }
        do {
            if let part = try step() { return part }
        } catch {
            state = .failed(error)
            throw error
        }
        if isFinished && state != .done {
            state = .failed(.unexpectedEnd)
            throw .unexpectedEnd
        }
        return nil
    }

    /// Parses as far as the buffered bytes allow; returns a part when one completes.
    private mutating func step() throws(MultipartError) -> MultipartPart? {
        while true {
            switch state {
            case .preamble:
                guard let found = findDelimiter() else { return nil }
                readIndex = found + delimiter.count
                scanIndex = readIndex
                state = .afterDelimiter
            case .afterDelimiter:
                guard try readDelimiterEnd() else { return nil }
            case .headers:
                guard try readHeaderLine() else { return nil }
            case .body:
                guard let found = findDelimiter() else { return nil }
                let part = try makePart(body: Array(buffer[readIndex..<found]))
                readIndex = found + delimiter.count
                scanIndex = readIndex
                state = .afterDelimiter
                return part
            case .done:
                return nil
            case let .failed(error):
                throw error
            }
        }
    }

    /// After a delimiter: `--` (close), or transport padding then CRLF (a part follows).
    /// False when more bytes are needed.
    private mutating func readDelimiterEnd() throws(MultipartError) -> Bool {
        guard readIndex < buffer.count else { return false }
        if buffer[readIndex] == UInt8(ascii: "-") {
            guard readIndex + 1 < buffer.count else { return false }
            guard buffer[readIndex + 1] == UInt8(ascii: "-") else { throw .invalidDelimiter }
            state = .done
            buffer = []
            readIndex = 0
            scanIndex = 0
            return true
        }
        var index = readIndex
        while index < buffer.count && (buffer[index] == UInt8(ascii: " ") || buffer[index] == UInt8(ascii: "\t")) {
            index += 1
        }
        guard index + 1 < buffer.count else { return false }
        guard buffer[index] == 13, buffer[index + 1] == 10 else { throw .invalidDelimiter }
        partCount += 1
        guard partCount <= limits.maxParts else { throw .tooManyParts }
        readIndex = index + 2
        scanIndex = readIndex
        headers = HTTPHeaders()
        headerBytes = 0
        state = .headers
        return true
    }

    /// Reads one header line of a part; the empty line starts its body. False when more
    /// bytes are needed.
    private mutating func readHeaderLine() throws(MultipartError) -> Bool {
        var index = Swift.max(scanIndex, readIndex)
        while index < buffer.count && buffer[index] != 10 { index += 1 }
        let pending = index - readIndex
        guard headerBytes + pending < limits.maxPartHeaderBytes else { throw .partHeaderTooLarge }
        guard index < buffer.count else {
            scanIndex = index
            return false
        }
        guard index > readIndex, buffer[index - 1] == 13 else { throw .invalidPartHeader }
        let line = buffer[readIndex..<(index - 1)]
        headerBytes += pending + 1
        readIndex = index + 1
        scanIndex = readIndex
        if line.isEmpty {
            state = .body
            return true
        }
        guard headers.count < limits.maxPartHeaderCount else { throw .partHeaderTooLarge }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
              line[line.startIndex..<colon].allSatisfy(HTTPByteClass.isTokenChar),
              line[(colon + 1)...].allSatisfy({ $0 == 9 || ($0 >= 0x20 && $0 != 0x7F) })
        else { throw .invalidPartHeader }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCII(" \t")
        headers.add(name: name, value: value)
        return true
    }

    /// The part from the headers read and its body.
    private func makePart(body: [UInt8]) throws(MultipartError) -> MultipartPart {
        guard let disposition = headers["Content-Disposition"].flatMap(HeaderParameters.init),
              disposition.primary == "form-data", let name = disposition["name"]
        else { throw .missingContentDisposition }
        return MultipartPart(headers: headers, name: name, filename: disposition["filename"], body: body)
    }

    /// The index where the next delimiter starts, searching from where the last search
    /// stopped; remembers how far it got when there is none yet.
    private mutating func findDelimiter() -> Int? {
        let from = Swift.max(scanIndex, readIndex)
        let found: Int? = buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return nil }
            var index = from
            while index + delimiter.count <= bytes.count {
                guard let hit = memchr(base + index, 13, bytes.count - index) else { return nil }
                let start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard start + delimiter.count <= bytes.count else { return nil }
                if memcmp(base + start, delimiter, delimiter.count) == 0 { return start }
                index = start + 1
            }
            return nil
        }
        if found == nil {
            scanIndex = Swift.max(from, buffer.count - delimiter.count + 1)
        }
        return found
    }

    /// Drops consumed bytes once they are at least half the buffer (amortised memmove).
    private mutating func compact() {
        guard readIndex > 0, readIndex >= buffer.count / 2 else { return }
        buffer.removeSubrange(0..<readIndex)
        scanIndex -= readIndex
        readIndex = 0
    }

    /// RFC 2046 §5.1.1: 1 to 70 of `bchars`, the last not a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return true
            default:
                return Array("'()+_,-./:=? ".utf8).contains(byte)
            }
        }
    }
}
