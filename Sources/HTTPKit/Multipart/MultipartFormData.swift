/// A whole `multipart/form-data` body parsed at once: the parts in order, with lookups by
/// field name. Built on `MultipartParser`.
///
/// ```swift
/// let form = try MultipartFormData(request)
/// let upload = form.first("file")?.body
/// let flag = form.first("strip_messages")?.text
/// ```
public struct MultipartFormData: Sendable {
    public let parts: [MultipartPart]

    /// Parses `body` framed by the boundary of `contentType` (`multipart/form-data; boundary=…`).
    public init(body: [UInt8], contentType: String, limits: MultipartParser.Limits = .init()) throws(MultipartError) {
        guard let boundary = Self.boundary(contentType: contentType) else { throw .invalidBoundary }
        var parser = try MultipartParser(boundary: boundary, limits: limits)
        parser.append(body)
        parser.finish()
        var parts: [MultipartPart] = []
        while let part = try parser.next() { parts.append(part) }
        self.parts = parts
    }

    /// Parses a request's body by its `Content-Type` (no such header: `.invalidBoundary`).
    public init(_ request: HTTPRequest, limits: MultipartParser.Limits = .init()) throws(MultipartError) {
        try self.init(body: request.body, contentType: request.headers["Content-Type"] ?? "", limits: limits)
    }

    /// The first part with this field name.
    public func first(_ name: String) -> MultipartPart? {
        parts.first { $0.name == name }
    }

    /// The boundary parameter when `contentType` is `multipart/form-data`, else nil.
    public static func boundary(contentType: String) -> String? {
        guard let parameters = HeaderParameters(contentType), parameters.primary == "multipart/form-data" else {
            return nil
        }
        return parameters["boundary"]
    }

    /// Whether a `Content-Type` value names `multipart/form-data` (parameters ignored).
    public static func isFormData(contentType: String) -> Bool {
        HeaderParameters(contentType)?.primary == "multipart/form-data"
    }
}
