/// A complete HTTP request as handed to a responder: head, decoded body bytes, and the
/// path parameters the router matched.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (origin-form `/path?query`, or absolute-form).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// The body after transfer decoding (chunked bodies arrive joined).
    public var body: [UInt8]
    /// Parameters bound by the router from the path template, e.g. `identity_id`.
    public var pathParameters: PathParameters

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        pathParameters: PathParameters = PathParameters()
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
    }

    /// The raw (still percent-encoded) path: the target without its query, and without
    /// scheme and authority when the target is in absolute-form (RFC 9112 §3.2.2).
    /// Located over the target's UTF-8 bytes (a parsed target is ASCII).
    public var path: Substring {
        let utf8 = target.utf8
        let bounds = utf8.withContiguousStorageIfAvailable(Self.pathBounds) ?? Self.pathBounds(Array(utf8))
        guard let bounds else { return "/" }
        let start = utf8.index(utf8.startIndex, offsetBy: bounds.lowerBound)
        let end = utf8.index(start, offsetBy: bounds.count)
        return target[start..<end]
    }

    /// The raw query string after `?`, or `nil` when the target has none.
    public var queryString: Substring? {
        let utf8 = target.utf8
        guard let question = utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return target[utf8.index(after: question)...]
    }

    /// The byte range of the path in a target; nil for an absolute-form target without a path
    /// (whose path is `/`).
    private static func pathBounds(_ target: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        if target.first != UInt8(ascii: "/"), let authority = indexAfterSchemeSeparator(target) {
            guard let slash = target[authority...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
            start = slash
        }
        let end = target[start...].firstIndex(of: UInt8(ascii: "?")) ?? target.count
        return start..<end
    }

    private static func pathBounds(_ target: [UInt8]) -> Range<Int>? {
        target.withUnsafeBufferPointer(pathBounds)
    }

    /// The index just after the first `://` of the target, if it has one.
    private static func indexAfterSchemeSeparator(_ target: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index + 2 < target.count {
            if target[index] == UInt8(ascii: ":") && target[index + 1] == UInt8(ascii: "/")
                && target[index + 2] == UInt8(ascii: "/") {
                return index + 3
            }
            index += 1
        }
        return nil
    }

    /// The decoded query parameters. Parsed on each access: read it once per handler.
    public var query: QueryParameters {
        QueryParameters(parsing: queryString ?? "")
    }

    /// Whether the client asked to keep the connection open after this request
    /// (RFC 9112 §9.3: 1.1 persists unless `close`; 1.0 closes unless `keep-alive`).
    public var wantsKeepAlive: Bool {
        var sawClose = false
        var sawKeepAlive = false
        for field in headers.fields where HTTPHeaders.namesEqual(field.name, "Connection") {
            for token in field.value.split(separator: ",") {
                let trimmed = token.trimmingASCIIWhitespace()
                if trimmed.equalsIgnoringASCIICase("close") { sawClose = true }
                if trimmed.equalsIgnoringASCIICase("keep-alive") { sawKeepAlive = true }
            }
        }
        if sawClose { return false }
        if version.major == 1 && version.minor == 0 { return sawKeepAlive }
        return true
    }
}

/// The named values a route template bound, e.g. `{identity_id}` → `identity-…`.
public struct PathParameters: Sendable {
    private var storage: [(name: String, value: String)] = []

    public init() {}

    public init(_ pairs: [(name: String, value: String)]) {
        storage = pairs
    }

    public subscript(name: String) -> String? {
        storage.first { $0.name == name }?.value
    }

    public mutating func set(_ name: String, _ value: String) {
        storage.append((name: name, value: value))
    }

    public var isEmpty: Bool { storage.isEmpty }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        HTTPHeaders.namesEqual(String(self), other)
    }
}
