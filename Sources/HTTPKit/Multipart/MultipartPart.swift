/// One part of a `multipart/form-data` body: its header fields, the field name and optional
/// file name from `Content-Disposition`, and its bytes exactly as sent.
public struct MultipartPart: Sendable, Equatable {
    /// The part's header fields in order (names as sent).
    public var headers: HTTPHeaders
    /// The form field name (`name` parameter of `Content-Disposition`).
    public var name: String
    /// The `filename` parameter, when the part is a file upload.
    public var filename: String?
    /// The part's bytes between its header section and the next boundary.
    public var body: [UInt8]

    public init(headers: HTTPHeaders, name: String, filename: String?, body: [UInt8]) {
        self.headers = headers
        self.name = name
        self.filename = filename
        self.body = body
    }

    /// The part's `Content-Type`, if it has one (RFC 7578 §4.4 defaults it to `text/plain`).
    public var contentType: String? { headers["Content-Type"] }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    public static func == (lhs: MultipartPart, rhs: MultipartPart) -> Bool {
        lhs.name == rhs.name && lhs.filename == rhs.filename && lhs.body == rhs.body
            && lhs.headers.fields.elementsEqual(rhs.headers.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Parameters of a header value such as `form-data; name="file"; filename="a.af"` or
/// `multipart/form-data; boundary=xyz`: the leading token and `name=value` pairs, where a
/// value is a token or an RFC 9110 quoted-string (backslash escapes undone). Parameter names
/// compare without ASCII case.
public struct HeaderParameters: Sendable {
    /// The value before the first `;`, trimmed and lowercased.
    public let primary: String
    private let parameters: [(name: String, value: String)]

    /// Nil when the value is malformed (an unterminated quoted string, a parameter without `=`).
    public init?(_ value: String) {
        var bytes = Array(value.utf8)[...]
        func skipSpaces() {
            while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { bytes.removeFirst() }
        }
        let primaryEnd = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        primary = String(decoding: bytes[..<primaryEnd], as: UTF8.self)
            .trimmingASCII(" \t").lowercased()
        bytes = bytes[primaryEnd...]
        var parsed: [(name: String, value: String)] = []
        while let first = bytes.first {
            guard first == UInt8(ascii: ";") else { return nil }
            bytes.removeFirst()
            skipSpaces()
            if bytes.isEmpty { break }
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = String(decoding: bytes[..<equals], as: UTF8.self).trimmingASCII(" \t").lowercased()
            guard !name.isEmpty else { return nil }
            bytes = bytes[(equals + 1)...]
            skipSpaces()
            var value: [UInt8] = []
            if bytes.first == UInt8(ascii: "\"") {
                bytes.removeFirst()
                var closed = false
                while let byte = bytes.popFirst() {
                    if byte == UInt8(ascii: "\"") { closed = true; break }
                    if byte == UInt8(ascii: "\\") {
                        guard let escaped = bytes.popFirst() else { return nil }
                        value.append(escaped)
                    } else {
                        value.append(byte)
                    }
                }
                guard closed else { return nil }
            } else {
                while let byte = bytes.first, byte != UInt8(ascii: ";") {
                    value.append(byte)
                    bytes.removeFirst()
                }
                while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value.removeLast() }
            }
            skipSpaces()
            parsed.append((name: name, value: String(decoding: value, as: UTF8.self)))
        }
        parameters = parsed
    }

    /// The first parameter called `name` (ASCII case ignored).
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return parameters.first { $0.name == lowered }?.value
    }
}

extension String {
    /// The string without leading and trailing characters from `set` (ASCII only).
    func trimmingASCII(_ set: String) -> String {
        let members = Set(set.utf8)
        var bytes = Array(utf8)[...]
        while let first = bytes.first, members.contains(first) { bytes.removeFirst() }
        while let last = bytes.last, members.contains(last) { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
