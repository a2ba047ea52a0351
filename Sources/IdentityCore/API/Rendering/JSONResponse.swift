import HTTPKit

/// Builds JSON responses: a body written with a `JSONWriter`, and the bare literals Letta
/// answers with (`null`, a count).
public enum JSONResponse {
    public static func make(capacity: Int = 512, _ body: (inout JSONWriter) -> Void) -> HTTPResponse {
        var writer = JSONWriter(capacity: capacity)
        body(&writer)
        return .json(writer.bytes)
    }

    /// The JSON literal `null`, what Letta answers for deletes and attach/detach.
    public static let null = HTTPResponse.json(Array("null".utf8))

    public static func integer(_ value: Int) -> HTTPResponse {
        .json(Array(String(value).utf8))
    }
}
