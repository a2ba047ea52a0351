import HTTPKit

/// An error a handler throws to answer with a Letta-shaped error body: `{"detail": "..."}`
/// for most statuses, and for 422 `{"trace_id": "", "detail": [issues], "examples"?: [...]}`
/// (docs/reference/decisions.md #12: `detail` is the array the published schema describes).
public struct APIError: HTTPResponseError, Equatable {
    public enum Body: Sendable, Equatable {
        case message(String)
        case validation([ValidationIssue], examples: [String]?)
    }

    public let status: HTTPStatus
    public let body: Body

    public init(status: HTTPStatus, body: Body) {
        self.status = status
        self.body = body
    }

    public static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, body: .message(message)) }
    public static func unauthorized(_ message: String = "Unauthorized") -> APIError {
        APIError(status: .unauthorized, body: .message(message))
    }
    public static func notFound(_ message: String) -> APIError { APIError(status: .notFound, body: .message(message)) }
    public static func conflict(_ message: String) -> APIError { APIError(status: .conflict, body: .message(message)) }
    public static func unavailable(_ message: String) -> APIError {
        APIError(status: .serviceUnavailable, body: .message(message))
    }
    public static func validation(_ issues: [ValidationIssue], examples: [String]? = nil) -> APIError {
        APIError(status: .unprocessableEntity, body: .validation(issues, examples: examples))
    }

    /// The standard "not found" message for an object of `kind` (docs/reference/decisions.md #9).
    public static func notFound(_ kind: ObjectKind, id: String) -> APIError {
        .notFound("\(kind.modelName) not found: \(id)")
    }

    /// Maps a storage failure to the answer clients get.
    public init(_ error: StoreError) {
        switch error {
        case let .conflict(kind, message):
            self = .conflict("A unique constraint was violated for \(kind.modelName). Check your input for duplicates: \(message)")
        case let .missingReferences(kind, ids):
            let noun = ids.count == 1 ? kind.modelName : "\(kind.modelName)s"
            self = .notFound("\(noun) not found: \(ids.joined(separator: ", "))")
        case let .notFound(kind, id):
            self = .notFound(kind, id: id)
        case let .cursorNotFound(kind, id):
            self = .notFound("No \(kind.modelName) found with id \(id)")
        case let .unavailable(message):
            self = .unavailable(message)
        case let .storageFull(message):
            self = APIError(status: .insufficientStorage, body: .message(message))
        }
    }

    public func makeResponse() -> HTTPResponse {
        switch body {
        case let .message(message):
            return .detail(status, message)
        case let .validation(issues, examples):
            var writer = JSONWriter(capacity: 256)
            writer.beginObject()
            writer.key("trace_id")
            writer.string("")
            writer.key("detail")
            writer.beginArray()
            for issue in issues { issue.write(to: &writer) }
            writer.endArray()
            if let examples {
                writer.key("examples")
                writer.beginArray()
                for example in examples { writer.string(example) }
                writer.endArray()
            }
            writer.endObject()
            return .json(writer.bytes, status: status)
        }
    }
}
