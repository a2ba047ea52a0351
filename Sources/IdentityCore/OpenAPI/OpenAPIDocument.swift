/// The OpenAPI 3.1 document of this server, served at `GET /openapi.json`.
///
/// The single source of truth is `openapi/openapi.json` in the repository;
/// `scripts/generate-openapi-swift.py` embeds it as `json` (compact) and
/// `OpenAPIDocumentTests` fails when the two differ.
public enum OpenAPIDocument {
    /// The UTF-8 bytes of `json`, ready to be sent as the response body.
    public static var bytes: [UInt8] { encodedBytes }

    /// Every operation the document declares, in document order: the method in
    /// upper case (`GET`, `PATCH`, …) and the path template as written
    /// (`/v1/identities/{identity_id}`).
    public static var operations: [(method: String, path: String)] { declaredOperations }

    private static let encodedBytes: [UInt8] = Array(json.utf8)

    private static let declaredOperations: [(method: String, path: String)] = parseOperations(of: json)

    private static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The `(method, path)` pairs under `paths` of an OpenAPI document.
    static func parseOperations(of text: String) -> [(method: String, path: String)] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            preconditionFailure("embedded OpenAPI document does not parse: \(error)")
        }
        guard case .object(let paths)? = document["paths"] else { return [] }
        var operations: [(method: String, path: String)] = []
        for (path, item) in paths {
            guard case .object(let members) = item else { continue }
            for (key, _) in members where httpMethods.contains(key) {
                operations.append((method: key.uppercased(), path: path))
            }
        }
        return operations
    }
}
