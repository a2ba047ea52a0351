/// Why a request could not be framed or parsed. Each case maps to the status the server
/// answers with (then it closes the connection: after a framing error the byte stream
/// cannot be trusted, RFC 9112 §11.2).
public enum HTTPParseError: Error, Sendable, Hashable, CaseIterable {
    /// The request line is not `method SP request-target SP HTTP-version`.
    case invalidRequestLine
    /// The method is not a token (RFC 9110 §9.1).
    case invalidMethod
    /// The request-target has forbidden bytes or is not origin-, absolute- or asterisk-form.
    case invalidTarget
    /// The request-target is longer than the configured limit.
    case targetTooLong
    /// A well-formed `HTTP/x.y` other than 1.0 or 1.1.
    case unsupportedVersion
    /// A line ends in LF without CR, or a CR is not followed by LF.
    case invalidLineEnding
    /// A header line without a colon, with whitespace before it, or with a bad name.
    case invalidHeaderLine
    /// A header line starting with whitespace (obsolete line folding, RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A header value with a control character.
    case invalidHeaderValue
    /// The request line plus header section (or trailer section) exceeds the limit,
    /// or there are too many fields.
    case headerTooLarge
    /// HTTP/1.1 without exactly one `Host` (RFC 9112 §3.2).
    case invalidHost
    /// `Content-Length` is not `1*DIGIT`, overflows, or repeats with another value.
    case invalidContentLength
    /// Both `Content-Length` and `Transfer-Encoding` (RFC 9112 §6.1, request smuggling).
    case contentLengthWithTransferEncoding
    /// `Transfer-Encoding` that is malformed or does not end in a single `chunked`.
    case invalidTransferEncoding
    /// A transfer coding other than `chunked`.
    case unsupportedTransferEncoding
    /// An `Expect` value other than `100-continue`.
    case unsupportedExpectation
    /// A malformed chunk-size line or chunk terminator.
    case invalidChunk
    /// The declared or decoded body is longer than the limit.
    case bodyTooLarge

    /// The status the server answers with.
    public var status: HTTPStatus {
        switch self {
        case .targetTooLong: return .uriTooLong
        case .unsupportedVersion: return .httpVersionNotSupported
        case .headerTooLarge: return .requestHeaderFieldsTooLarge
        case .unsupportedTransferEncoding: return .notImplemented
        case .unsupportedExpectation: return .expectationFailed
        case .bodyTooLarge: return .payloadTooLarge
        default: return .badRequest
        }
    }

    /// A short human-readable reason, used as the `detail` of the error body.
    public var detail: String {
        switch self {
        case .invalidRequestLine: return "Invalid request line"
        case .invalidMethod: return "Invalid method"
        case .invalidTarget: return "Invalid request target"
        case .targetTooLong: return "Request target too long"
        case .unsupportedVersion: return "HTTP version not supported"
        case .invalidLineEnding: return "Invalid line ending"
        case .invalidHeaderLine: return "Invalid header line"
        case .obsoleteLineFolding: return "Obsolete line folding is not allowed"
        case .invalidHeaderValue: return "Invalid header value"
        case .headerTooLarge: return "Request header fields too large"
        case .invalidHost: return "Missing or duplicate Host header"
        case .invalidContentLength: return "Invalid Content-Length"
        case .contentLengthWithTransferEncoding: return "Content-Length and Transfer-Encoding together"
        case .invalidTransferEncoding: return "Invalid Transfer-Encoding"
        case .unsupportedTransferEncoding: return "Transfer-Encoding not implemented"
        case .unsupportedExpectation: return "Unsupported Expect value"
        case .invalidChunk: return "Invalid chunked body"
        case .bodyTooLarge: return "Request body too large"
        }
    }
}
