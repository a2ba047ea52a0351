/// Request line, header fields and the framing decision at the end of the head.
extension HTTPRequestParser {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// RFC 9112 §3: `method SP request-target SP HTTP-version`. Empty lines before it are
    /// skipped (§2.2) but still count toward the head limit.
    mutating func parseRequestLine(_ line: Bytes, lineBytes: Int) -> Step? {
        head.headBytes += lineBytes
        guard head.headBytes <= limits.maxHeaderBytes else { return .failure(.headerTooLarge) }
        if line.isEmpty { return nil }
        let count = line.count
        var index = 0
        while index < count && line[index] != HTTPByteClass.space {
            let byte = line[index]
            guard HTTPByteClass.isTokenChar(byte) else {
                return .failure(byte == HTTPByteClass.cr ? .invalidLineEnding : .invalidMethod)
            }
            index += 1
        }
        guard index > 0 && index < count else { return .failure(.invalidRequestLine) }
        let methodBytes = Bytes(rebasing: line[0..<index])
        let targetStart = index + 1
        index = targetStart
        while index < count && line[index] != HTTPByteClass.space {
            let byte = line[index]
            guard HTTPByteClass.isTargetChar(byte) else {
                return .failure(byte == HTTPByteClass.cr ? .invalidLineEnding : .invalidTarget)
            }
            index += 1
        }
        guard index > targetStart && index < count else { return .failure(.invalidRequestLine) }
        guard index - targetStart <= limits.maxTargetBytes else { return .failure(.targetTooLong) }
        let targetBytes = Bytes(rebasing: line[targetStart..<index])
        let versionBytes = Bytes(rebasing: line[(index + 1)...])
        guard let version = Self.parseVersion(versionBytes) else {
            return .failure(versionBytes.contains(HTTPByteClass.cr) ? .invalidLineEnding : .invalidRequestLine)
        }
        guard version == .http1_1 || version == .http1_0 else { return .failure(.unsupportedVersion) }
        let method = Self.method(methodBytes)
        guard Self.isValidTargetForm(targetBytes, method: method) else { return .failure(.invalidTarget) }
        head.method = method
        head.target = String(decoding: targetBytes, as: UTF8.self)
        head.version = version
        state = .headerLines
        return nil
    }

    /// RFC 9112 §5: `field-name ":" OWS field-value OWS`; the empty line ends the head.
    mutating func parseHeaderLine(_ line: Bytes, lineBytes: Int) -> Step? {
        head.headBytes += lineBytes
        guard head.headBytes <= limits.maxHeaderBytes else { return .failure(.headerTooLarge) }
        if line.isEmpty { return finishHead() }
        let field: (nameEnd: Int, valueStart: Int, valueEnd: Int)
        switch Self.splitField(line) {
        case let .success(parts): field = parts
        case let .failure(error): return .failure(error)
        }
        head.fieldCount += 1
        guard head.fieldCount <= limits.maxHeaderCount else { return .failure(.headerTooLarge) }
        let name = Bytes(rebasing: line[0..<field.nameEnd])
        let value = Bytes(rebasing: line[field.valueStart..<field.valueEnd])
        if let error = noteFramingField(name: name, value: value) { return .failure(error) }
        head.headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        return nil
    }

    /// RFC 9112 §7.1.2: trailer fields are checked like header fields, then discarded.
    mutating func parseTrailerLine(_ line: Bytes, lineBytes: Int) -> Step? {
        head.headBytes += lineBytes
        guard head.headBytes <= limits.maxHeaderBytes else { return .failure(.headerTooLarge) }
        if line.isEmpty { return .event(.request(completeRequest())) }
        if case let .failure(error) = Self.splitField(line) { return .failure(error) }
        return nil
    }

    /// RFC 9112 §7.1: `chunk-size [ chunk-ext ] CRLF`, size in hex, extensions ignored.
    mutating func parseChunkSizeLine(_ line: Bytes) -> Step? {
        var size = 0
        var index = 0
        while index < line.count, let digit = HTTPByteClass.hexValue(line[index]) {
            let shifted = size.multipliedReportingOverflow(by: 16)
            guard !shifted.overflow else { return .failure(.invalidChunk) }
            size = shifted.partialValue + digit
            index += 1
        }
        guard index > 0 else { return .failure(.invalidChunk) }
        while index < line.count && HTTPByteClass.isWhitespace(line[index]) { index += 1 }
        if index < line.count {
            guard line[index] == UInt8(ascii: ";") else { return .failure(.invalidChunk) }
            for byte in line[index...] where !HTTPByteClass.isFieldValueChar(byte) {
                return .failure(byte == HTTPByteClass.cr ? .invalidLineEnding : .invalidChunk)
            }
        }
        guard size <= bodyLimit - head.body.count else { return .failure(.bodyTooLarge) }
        if size == 0 {
            head.headBytes = 0
            state = .trailers
        } else {
            head.body.reserveCapacity(head.body.count + size)
            state = .chunkData(remaining: size)
        }
        return nil
    }

    /// The body limit of the request being read: the upload limit for form data.
    var bodyLimit: Int {
        head.isFormData ? Swift.max(limits.maxUploadBodyBytes, limits.maxBodyBytes) : limits.maxBodyBytes
    }

    /// Whether a `Content-Type` value's media type is `multipart/form-data` (ASCII case ignored).
    static func isFormDataMediaType(_ value: Bytes) -> Bool {
        let mediaType: StaticString = "multipart/form-data"
        let length = mediaType.utf8CodeUnitCount
        guard value.count >= length, HTTPByteClass.equalsIgnoringCase(Bytes(rebasing: value[0..<length]), mediaType)
        else { return false }
        guard value.count > length else { return true }
        let next = value[length]
        return next == UInt8(ascii: ";") || HTTPByteClass.isWhitespace(next)
    }

    /// Decides how the body is framed (RFC 9112 §6.3) once the empty line arrives.
    mutating func finishHead() -> Step? {
        let isHTTP11 = head.version == .http1_1
        if head.hostCount > 1 || (isHTTP11 && head.hostCount == 0) { return .failure(.invalidHost) }
        if head.hasTransferEncoding {
            if head.contentLength != nil { return .failure(.contentLengthWithTransferEncoding) }
            if head.hasUnknownCoding { return .failure(.unsupportedTransferEncoding) }
            guard isHTTP11, head.chunkedCount == 1, head.lastCodingIsChunked else {
                return .failure(.invalidTransferEncoding)
            }
            head.isChunked = true
        }
        if head.hasUnsupportedExpectation { return .failure(.unsupportedExpectation) }
        let contentLength = head.contentLength ?? 0
        guard contentLength <= bodyLimit else { return .failure(.bodyTooLarge) }
        if head.isChunked {
            state = .chunkSize
        } else if contentLength > 0 {
            head.body.reserveCapacity(contentLength)
            state = .fixedBody(remaining: contentLength)
        } else {
            return .event(.request(completeRequest()))
        }
        if head.expectsContinue && isHTTP11 { return .event(.continueExpected) }
        return nil
    }

    /// Records the fields that decide framing; returns an error for an invalid one.
    private mutating func noteFramingField(name: Bytes, value: Bytes) -> HTTPParseError? {
        switch name.count {
        case 4 where HTTPByteClass.equalsIgnoringCase(name, "host"):
            head.hostCount += 1
        case 6 where HTTPByteClass.equalsIgnoringCase(name, "expect"):
            if HTTPByteClass.equalsIgnoringCase(value, "100-continue") {
                head.expectsContinue = true
            } else {
                head.hasUnsupportedExpectation = true
            }
        case 12 where HTTPByteClass.equalsIgnoringCase(name, "content-type"):
            head.isFormData = Self.isFormDataMediaType(value)
        case 14 where HTTPByteClass.equalsIgnoringCase(name, "content-length"):
            guard let length = Self.parseContentLength(value) else { return .invalidContentLength }
            if let existing = head.contentLength, existing != length { return .invalidContentLength }
            head.contentLength = length
        case 17 where HTTPByteClass.equalsIgnoringCase(name, "transfer-encoding"):
            return noteTransferCodings(value)
        default:
            break
        }
        return nil
    }

    /// `Transfer-Encoding` is a comma list of codings (RFC 9112 §6.1); empty elements are allowed.
    private mutating func noteTransferCodings(_ value: Bytes) -> HTTPParseError? {
        head.hasTransferEncoding = true
        var sawCoding = false
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
            var low = start
            var high = end
            while low < high && HTTPByteClass.isWhitespace(value[low]) { low += 1 }
            while high > low && HTTPByteClass.isWhitespace(value[high - 1]) { high -= 1 }
            if low < high {
                sawCoding = true
                let coding = Bytes(rebasing: value[low..<high])
                if HTTPByteClass.equalsIgnoringCase(coding, "chunked") {
                    head.chunkedCount += 1
                    head.lastCodingIsChunked = true
                } else {
                    head.hasUnknownCoding = true
                    head.lastCodingIsChunked = false
                }
            }
            start = end + 1
        }
        return sawCoding ? nil : .invalidTransferEncoding
    }

    /// Splits a field line into name end and trimmed value bounds, validating every byte.
    static func splitField(_ line: Bytes) -> Result<(nameEnd: Int, valueStart: Int, valueEnd: Int), HTTPParseError> {
        if HTTPByteClass.isWhitespace(line[0]) { return .failure(.obsoleteLineFolding) }
        var index = 0
        while index < line.count && line[index] != HTTPByteClass.colon {
            let byte = line[index]
            guard HTTPByteClass.isTokenChar(byte) else {
                return .failure(byte == HTTPByteClass.cr ? .invalidLineEnding : .invalidHeaderLine)
            }
            index += 1
        }
        guard index > 0 && index < line.count else { return .failure(.invalidHeaderLine) }
        let nameEnd = index
        var valueStart = index + 1
        var valueEnd = line.count
        while valueStart < valueEnd && HTTPByteClass.isWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && HTTPByteClass.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        for byte in line[valueStart..<valueEnd] where !HTTPByteClass.isFieldValueChar(byte) {
            return .failure(byte == HTTPByteClass.cr ? .invalidLineEnding : .invalidHeaderValue)
        }
        return .success((nameEnd, valueStart, valueEnd))
    }

    /// `1*DIGIT` (RFC 9110 §8.6) without sign, spaces or lists; `nil` on overflow.
    static func parseContentLength(_ value: Bytes) -> Int? {
        guard !value.isEmpty else { return nil }
        var length = 0
        for byte in value {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let shifted = length.multipliedReportingOverflow(by: 10)
            let added = shifted.partialValue.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !shifted.overflow && !added.overflow else { return nil }
            length = added.partialValue
        }
        return length
    }

    /// `HTTP/` DIGIT `.` DIGIT (RFC 9112 §2.3).
    static func parseVersion(_ bytes: Bytes) -> HTTPVersion? {
        guard bytes.count == 8,
              HTTPByteClass.equals(Bytes(rebasing: bytes[0..<5]), "HTTP/"),
              bytes[6] == UInt8(ascii: "."),
              let major = decimalDigit(bytes[5]), let minor = decimalDigit(bytes[7])
        else { return nil }
        if major == 1 && minor == 1 { return .http1_1 }
        if major == 1 && minor == 0 { return .http1_0 }
        return HTTPVersion(major: major, minor: minor)
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Origin-form (`/…`), absolute-form (`scheme://…`), or `*` for OPTIONS (RFC 9112 §3.2).
    static func isValidTargetForm(_ target: Bytes, method: HTTPMethod) -> Bool {
        if target[0] == UInt8(ascii: "/") { return true }
        if target.count == 1 && target[0] == UInt8(ascii: "*") { return method == .options }
        var index = 0
        while index < target.count {
            let byte = target[index]
            let isSchemeChar = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || (index > 0 && (HTTPByteClass.hexValue(byte) != nil || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            if !isSchemeChar { break }
            index += 1
        }
        guard index > 0, target.count > index + 3 else { return false }
        return target[index] == UInt8(ascii: ":") && target[index + 1] == UInt8(ascii: "/")
            && target[index + 2] == UInt8(ascii: "/")
    }

    /// The method token; common ones reuse shared instances instead of allocating.
    static func method(_ bytes: Bytes) -> HTTPMethod {
        switch bytes.count {
        case 3:
            if HTTPByteClass.equals(bytes, "GET") { return .get }
            if HTTPByteClass.equals(bytes, "PUT") { return .put }
        case 4:
            if HTTPByteClass.equals(bytes, "POST") { return .post }
            if HTTPByteClass.equals(bytes, "HEAD") { return .head }
        case 5:
            if HTTPByteClass.equals(bytes, "PATCH") { return .patch }
        case 6:
            if HTTPByteClass.equals(bytes, "DELETE") { return .delete }
        case 7:
            if HTTPByteClass.equals(bytes, "OPTIONS") { return .options }
        default:
            break
        }
        return HTTPMethod(String(decoding: bytes, as: UTF8.self))
    }
}
