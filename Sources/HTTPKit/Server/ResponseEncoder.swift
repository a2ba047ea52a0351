/// Serialises a response head and body. A connection queues both in one `OutputQueue`, so each
/// response leaves in a single `send`/`sendmsg` (with TCP_NODELAY this avoids the
/// Nagle/delayed-ACK stall of split writes); a large body goes by reference, not copied.
///
/// The server owns framing: handler-set `Content-Length`, `Transfer-Encoding`,
/// `Connection` and `Date` fields are replaced by its own.
enum ResponseEncoder {
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// What the connection decided about this response.
    struct Framing {
        /// HEAD: send the GET headers, `Content-Length` included, but no body bytes.
        var suppressBody: Bool
        /// Whether the connection stays open; `false` adds `Connection: close`.
        var keepAlive: Bool
        /// An HTTP/1.0 client that asked for keep-alive gets `Connection: keep-alive`.
        var isHTTP10: Bool
    }

    /// Head and body into one contiguous buffer.
    static func encode(_ response: HTTPResponse, framing: Framing, date: [UInt8], into out: inout [UInt8]) {
        if encodeHead(response, framing: framing, date: date, into: &out, reservingBody: true) {
            out.append(contentsOf: response.body)
        }
    }

    /// Head and body onto a connection's queue; a large body is queued without a copy.
    static func encode(_ response: HTTPResponse, framing: Framing, date: [UInt8], into queue: inout OutputQueue) {
        let sendsBody = queue.appendInPlace { out in
            encodeHead(response, framing: framing, date: date, into: &out,
                       reservingBody: response.body.count < OutputQueue.sharedBodyThreshold)
        }
        if sendsBody { queue.appendBody(response.body) }
    }

    /// Appends the status line and header fields; returns whether the body is to be sent.
    private static func encodeHead(_ response: HTTPResponse, framing: Framing, date: [UInt8],
                                   into out: inout [UInt8], reservingBody: Bool) -> Bool {
        let status = response.status
        let bodyAllowed = status.code >= 200 && status.code != 204 && status.code != 304
        let sendsBody = bodyAllowed && !framing.suppressBody && !response.body.isEmpty
        out.reserveCapacity(out.count + 160 + (sendsBody && reservingBody ? response.body.count : 0))

        appendStatusLine(status, to: &out)

        var hasContentType = false
        for field in response.headers.fields {
            switch field.name.utf8.count {
            case 4 where HTTPHeaders.namesEqual(field.name, "Date"): continue
            case 10 where HTTPHeaders.namesEqual(field.name, "Connection"): continue
            case 12 where HTTPHeaders.namesEqual(field.name, "Content-Type"): hasContentType = true
            case 14 where HTTPHeaders.namesEqual(field.name, "Content-Length"): continue
            case 17 where HTTPHeaders.namesEqual(field.name, "Transfer-Encoding"): continue
            default: break
            }
            appendFieldText(field.name, to: &out)
            appendLiteral(": ", to: &out)
            appendFieldText(field.value, to: &out)
            appendLiteral("\r\n", to: &out)
        }
        if !hasContentType && bodyAllowed && !response.body.isEmpty {
            appendLiteral("Content-Type: application/json\r\n", to: &out)
        }
        if bodyAllowed {
            appendLiteral("Content-Length: ", to: &out)
            appendDecimal(response.body.count, to: &out)
            appendLiteral("\r\nDate: ", to: &out)
        } else {
            appendLiteral("Date: ", to: &out)
        }
        out.append(contentsOf: date)
        if !framing.keepAlive {
            appendLiteral("\r\nConnection: close\r\n\r\n", to: &out)
        } else if framing.isHTTP10 {
            appendLiteral("\r\nConnection: keep-alive\r\n\r\n", to: &out)
        } else {
            appendLiteral("\r\n\r\n", to: &out)
        }
        return sendsBody
    }

    /// `HTTP/1.1 <code> <reason>\r\n`, copied in one step for the statuses `HTTPStatus` declares.
    static func appendStatusLine(_ status: HTTPStatus, to out: inout [UInt8]) {
        let index = status.code - 100
        if index >= 0 && index < statusLines.count, let known = statusLines[index],
           known.reasonPhrase == status.reasonPhrase {
            out.append(contentsOf: known.line)
            return
        }
        out.append(contentsOf: statusLine(status))
    }

    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        var line: [UInt8] = []
        appendLiteral("HTTP/1.1 ", to: &line)
        appendDecimal(status.code, to: &line)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: status.reasonPhrase.utf8)
        appendLiteral("\r\n", to: &line)
        return line
    }

    /// Status lines of the declared statuses, indexed by `code - 100`.
    private static let statusLines: [(reasonPhrase: String, line: [UInt8])?] = {
        let declared: [HTTPStatus] = [
            .continue, .ok, .temporaryRedirect, .badRequest, .unauthorized, .forbidden, .notFound,
            .methodNotAllowed, .requestTimeout, .conflict, .lengthRequired, .payloadTooLarge, .uriTooLong,
            .unsupportedMediaType, .expectationFailed, .unprocessableEntity, .tooManyRequests,
            .requestHeaderFieldsTooLarge, .internalServerError, .notImplemented, .serviceUnavailable,
            .httpVersionNotSupported, .insufficientStorage,
        ]
        var lines = [(reasonPhrase: String, line: [UInt8])?](repeating: nil, count: 500)
        for status in declared {
            lines[status.code - 100] = (status.reasonPhrase, statusLine(status))
        }
        return lines
    }()

    @inline(__always)
    static func appendLiteral(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a non-negative integer in decimal without creating a String.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(max(0, value)))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            var remaining = value
            while remaining > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// Appends a header name or value; CR and LF become spaces so a value taken from user
    /// input can never split the response.
    @inline(__always)
    static func appendFieldText(_ text: String, to out: inout [UInt8]) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if bytes.contains(where: isLineBreak) {
                for byte in bytes { out.append(isLineBreak(byte) ? UInt8(ascii: " ") : byte) }
            } else {
                out.append(contentsOf: bytes)
            }
        }
        if copied == nil {
            for byte in text.utf8 { out.append(isLineBreak(byte) ? UInt8(ascii: " ") : byte) }
        }
    }

    @inline(__always)
    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 13 || byte == 10
    }
}
