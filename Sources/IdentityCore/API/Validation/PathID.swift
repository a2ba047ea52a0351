import HTTPKit

/// Checks ids taken from the path (docs/reference/letta-api.md §1.7).
public enum PathID {
    /// A router-checked id (`/v1/identities/{identity_id}`, every `agent_id`/`block_id`):
    /// malformed → 422 with Letta's pattern rewrite and `examples`.
    public static func require(_ request: HTTPRequest, _ name: String, kind: ObjectKind) throws(APIError) -> String {
        let value = request.pathParameters[name] ?? ""
        if ObjectID.isValid(value, kind: kind) { return value }
        throw APIError.validation(
            [
                ValidationIssue(
                    type: "string_pattern_mismatch", location: ["path", .key(name)],
                    message: "String should match pattern '\(kind.prefix)-{uuid4}'", input: .string(value),
                    context: JSONObject([("pattern", .string(kind.idPattern))])
                ),
            ],
            examples: [kind.exampleID]
        )
    }

    /// A service-checked id (the `identity_id` of attach/detach routes): malformed → 400.
    public static func requireServiceChecked(_ request: HTTPRequest, _ name: String, kind: ObjectKind) throws(APIError) -> String {
        let value = request.pathParameters[name] ?? ""
        if ObjectID.isValid(value, kind: kind) { return value }
        throw APIError.badRequest(
            "INVALID_ARGUMENT: Invalid \(kind.prefix) ID format: \(value). Expected format: '\(kind.prefix)-<uuid4>'"
        )
    }
}
