import HTTPKit

/// What every API handler needs: the store, and how to tell who is asking.
public final class APIContext: Sendable {
    public let store: any IdentityStore
    /// The version `GET /v1/health/` reports.
    public let version: String

    public init(store: any IdentityStore, version: String = "0.16.8") {
        self.store = store
        self.version = version
    }

    /// The actor of a request (spec §1.4): the `user_id` header must look like
    /// `user-<uuid4>` if present (else 400). Users are not stored, so a well-formed id that
    /// names no user falls back to the default user, as Letta does.
    public func actor(for request: HTTPRequest) throws(APIError) -> Actor {
        if let userID = request.headers["user_id"], !ObjectID.isValid(userID, kind: .user) {
            throw APIError.badRequest("INVALID_ARGUMENT: Invalid user ID format: \(userID). Expected format: 'user-<uuid4>'")
        }
        return .default
    }
}
