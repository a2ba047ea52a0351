import HTTPKit

/// Decodes a request body as JSON the way Letta (FastAPI) does (docs/reference/letta-api.md §1.2): bodies with a
/// JSON content type or none are parsed; other content types fail validation; an empty body
/// where one is required is `missing`; malformed JSON is `json_invalid` at its byte offset.
public enum RequestBody {
    /// The decoded JSON body, or a thrown 422.
    public static func json(_ request: HTTPRequest) throws(APIError) -> JSONValue {
        if request.body.isEmpty {
            throw APIError.validation([
                ValidationIssue(type: "missing", location: ["body"], message: "Field required", input: .null),
            ])
        }
        if declaresOtherContentType(request) {
            throw APIError.validation([
                ValidationIssue(
                    type: "model_attributes_type", location: ["body"],
                    message: "Input should be a valid dictionary or object to extract fields from",
                    input: .string(String(decoding: request.body, as: UTF8.self))
                ),
            ])
        }
        do {
            if let parsed = RequestScope.current?.parsedBody { return try parsed.get() }
            return try JSONParser.parse(request.body)
        } catch {
            throw APIError.validation([
                ValidationIssue(
                    type: "json_invalid", location: ["body", .index(error.offset)], message: "JSON decode error",
                    input: .object(JSONObject()), context: JSONObject([("error", .string(error.message))])
                ),
            ])
        }
    }

    /// The body as a JSON object, or a thrown 422 (`model_attributes_type` for non-objects).
    public static func object(_ request: HTTPRequest) throws(APIError) -> JSONObject {
        let value = try json(request)
        guard case let .object(object) = value else {
            throw APIError.validation([
                ValidationIssue(
                    type: "model_attributes_type", location: ["body"],
                    message: "Input should be a valid dictionary or object to extract fields from", input: value
                ),
            ])
        }
        return object
    }

    /// Whether the request names a content type that is not JSON. No `Content-Type`, or an
    /// empty one (as Starlette treats a blank header), is read as JSON: curl users forget it.
    /// The body parsed as JSON, for `RequestScope.parsedBody`: nil when `json` would not parse
    /// it (an empty body, another declared content type), so those are reported as before.
    static func parseAhead(_ request: HTTPRequest) -> Result<JSONValue, JSONParseError>? {
        guard !request.body.isEmpty, !declaresOtherContentType(request) else { return nil }
        return Result { () throws(JSONParseError) in try JSONParser.parse(request.body) }
    }

    static func declaresOtherContentType(_ request: HTTPRequest) -> Bool {
        guard let contentType = request.headers["Content-Type"],
              contentType.utf8.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") })
        else { return false }
        return !isJSONContentType(contentType)
    }

    /// `application/json` or `application/*+json`, parameters ignored, case-insensitive; the
    /// media type is the first non-empty `;`-separated part. Checked over the UTF-8 bytes; a
    /// media type with non-ASCII bytes takes the String comparison (Unicode case and
    /// grapheme rules apply to it).
    static func isJSONContentType(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable(isJSONContentType)
            ?? Array(value.utf8).withUnsafeBufferPointer(isJSONContentType)
    }

    private static func isJSONContentType(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < bytes.count && bytes[start] == UInt8(ascii: ";") { start += 1 }
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
        while start < end && (bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t")) { start += 1 }
        while end > start && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
        let mediaType = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard mediaType.allSatisfy({ $0 < 0x80 }) else {
            return isJSONMediaType(String(decoding: mediaType, as: UTF8.self).lowercased())
        }
        if mediaType.count == 16 { return equalsIgnoringCase(mediaType, "application/json") }
        guard mediaType.count >= 17 else { return false }
        return equalsIgnoringCase(UnsafeBufferPointer(rebasing: mediaType.prefix(12)), "application/")
            && equalsIgnoringCase(UnsafeBufferPointer(rebasing: mediaType.suffix(5)), "+json")
    }

    private static func isJSONMediaType(_ lowercased: String) -> Bool {
        lowercased == "application/json" || (lowercased.hasPrefix("application/") && lowercased.hasSuffix("+json"))
    }

    /// ASCII case-insensitive equality with a lowercase literal.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        var literal = lowercase.utf8Start
        for byte in bytes {
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            guard folded == literal.pointee else { return false }
            literal += 1
        }
        return true
    }
}
