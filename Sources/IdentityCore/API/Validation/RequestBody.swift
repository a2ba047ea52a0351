import HTTPKit

/// Decodes a request body as JSON the way Letta (FastAPI) does (spec §1.2): bodies with a
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
        if let contentType = request.headers["Content-Type"], !isJSONContentType(contentType) {
            throw APIError.validation([
                ValidationIssue(
                    type: "model_attributes_type", location: ["body"],
                    message: "Input should be a valid dictionary or object to extract fields from",
                    input: .string(String(decoding: request.body, as: UTF8.self))
                ),
            ])
        }
        do {
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

    /// `application/json` or `application/*+json`, parameters ignored.
    static func isJSONContentType(_ value: String) -> Bool {
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIISpaces().lowercased() } ?? ""
        if mediaType == "application/json" { return true }
        return mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")
    }
}

extension Substring {
    func trimmingASCIISpaces() -> Substring {
        var slice = self
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return slice
    }
}
