/// Why a `multipart/form-data` body (RFC 7578, framed as RFC 2046 §5.1) could not be parsed.
/// Each is a client error: the body as sent is malformed or exceeds a limit.
public enum MultipartError: Error, Sendable, Hashable {
    /// The `Content-Type` is not `multipart/form-data` or has no usable `boundary` parameter
    /// (1 to 70 characters of RFC 2046's `bchars`, not ending in a space).
    case invalidBoundary
    /// The body ended before the close delimiter `--boundary--`.
    case unexpectedEnd
    /// Bytes after a boundary other than `--`, optional spaces or tabs, and CRLF.
    case invalidDelimiter
    /// A part header line that is not `name: value` with a token name, or ends without CRLF.
    case invalidPartHeader
    /// A part's header section is larger than the limit or has too many fields.
    case partHeaderTooLarge
    /// A part without `Content-Disposition: form-data; name="…"` (RFC 7578 §4.2).
    case missingContentDisposition
    /// More parts than the limit.
    case tooManyParts

    /// A short human-readable reason.
    public var detail: String {
        switch self {
        case .invalidBoundary: return "Invalid multipart boundary"
        case .unexpectedEnd: return "Multipart body ended before its closing boundary"
        case .invalidDelimiter: return "Invalid multipart boundary line"
        case .invalidPartHeader: return "Invalid multipart part header"
        case .partHeaderTooLarge: return "Multipart part headers too large"
        case .missingContentDisposition: return "Multipart part without Content-Disposition form-data name"
        case .tooManyParts: return "Too many multipart parts"
        }
    }
}
