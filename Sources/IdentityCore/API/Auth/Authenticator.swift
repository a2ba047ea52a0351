import HTTPKit

/// Decides who a request is, from its credentials, before it is routed (docs/reference/letta-api.md §1.5 plus
/// per-organization API keys):
///
/// - Health paths are open to everyone, always, and so are the configured `PublicPaths`.
/// - `Authorization: Bearer <password>` or `X-BARE-PASSWORD: password <password>` is the admin.
/// - `Authorization: Bearer sk-ids-…` must name a stored, unrevoked key, in any mode; the
///   request then acts in the key's organization. An unknown or revoked key is a 401, never a
///   silent fall-back to the default organization.
/// - Otherwise: with a password configured, 401; without one, the anonymous default-org mode
///   (other bearer tokens, which SDKs always send, are ignored as Letta ignores them).
///
/// The password is kept only as its SHA-256 digest and compared digest to digest in constant time.
public final class Authenticator: Sendable {
    /// Letta's unauthenticated paths, matched exactly.
    public static let exemptPaths: Set<Substring> = [
        "/v1/health", "/v1/health/", "/latest/health/", "/v1/ready", "/v1/ready/", "/latest/ready", "/latest/ready/",
    ]

    private let passwordDigest: [UInt8]?
    private let tenants: (any TenantStore)?
    private let publicPaths: PublicPaths

    /// `password` nil (or empty) leaves password mode off; `tenants` nil makes every API key unknown.
    public init(password: String?, tenants: (any TenantStore)?, publicPaths: PublicPaths = .none) {
        passwordDigest = password.flatMap { $0.isEmpty ? nil : SHA256.hash($0) }
        self.tenants = tenants
        self.publicPaths = publicPaths
    }

    /// Whether every non-health request must carry the password or an API key.
    public var requiresCredentials: Bool { passwordDigest != nil }

    /// The request's principal, or a thrown 401 `{"detail":"Unauthorized"}` (503 when the key
    /// store cannot be read).
    public func authenticate(_ request: HTTPRequest) throws(APIError) -> Principal {
        let path = request.path
        if Self.isExempt(path) || (!publicPaths.isEmpty && publicPaths.contains(path)) { return .anonymous }
        let bearer = request.headers["Authorization"].flatMap { Self.value(of: $0, scheme: "bearer") }
        if let passwordDigest {
            let barePassword = request.headers["X-BARE-PASSWORD"].flatMap { Self.value(of: $0, scheme: "password") }
            let bearerMatches = bearer.map { ConstantTime.matches($0, digest: passwordDigest) } ?? false
            let bareMatches = barePassword.map { ConstantTime.matches($0, digest: passwordDigest) } ?? false
            if bearerMatches || bareMatches { return .admin }
        }
        if let bearer, APIKeySecret.hasKeyPrefix(bearer) {
            return try principal(forKey: bearer)
        }
        if requiresCredentials { throw APIError.unauthorized() }
        return .anonymous
    }

    /// Whether `path` is one of `exemptPaths`, compared byte for byte (they are ASCII) so
    /// the common non-exempt path costs a few length checks instead of hashing.
    static func isExempt(_ path: Substring) -> Bool {
        let matched = path.utf8.withContiguousStorageIfAvailable { bytes in
            exemptPathBytes.contains { exempt in
                exempt.count == bytes.count && exempt.withUnsafeBufferPointer { $0.elementsEqual(bytes) }
            }
        }
        return matched ?? exemptPaths.contains(path)
    }

    private static let exemptPathBytes: [[UInt8]] = exemptPaths.map { Array($0.utf8) }

    private func principal(forKey secret: Substring) throws(APIError) -> Principal {
        guard let tenants else { throw APIError.unauthorized() }
        let key: APIKey?
        do {
            key = try tenants.apiKey(secretDigest: APIKeySecret.digest(secret))
        } catch let error as StoreError {
            throw APIError(error)
        } catch {
            throw APIError.unavailable("The API key store cannot be read.")
        }
        guard let key, !key.isRevoked else { throw APIError.unauthorized() }
        return .apiKey(id: key.id, organizationID: key.organizationID)
    }

    /// The credential after `<scheme> ` (scheme case-insensitive, one or more spaces), or nil.
    static func value(of header: String, scheme: String) -> Substring? {
        let utf8 = header.utf8
        guard utf8.count > scheme.utf8.count,
              let space = header.firstIndex(of: " "),
              header[..<space].lowercased() == scheme
        else { return nil }
        var credential = header[header.index(after: space)...]
        while credential.first == " " { credential.removeFirst() }
        return credential.isEmpty ? nil : credential
    }
}
