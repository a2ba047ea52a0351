/// A per-organization API key as stored: never the secret itself, only its SHA-256 digest, so
/// a copy of the database does not let anyone in. Requests presenting the secret act in
/// `organizationID` until the key is revoked.
public struct APIKey: Sendable, Equatable {
    /// `apikey-<uuid4>`: names the key in the admin API and in logs; not a secret.
    public var id: String
    public var organizationID: String
    /// A label chosen by the admin (e.g. which service uses the key).
    public var name: String?
    /// SHA-256 of the secret's UTF-8 bytes.
    public var secretDigest: [UInt8]
    public var createdAt: Timestamp
    /// When the key stopped working; nil while it is valid.
    public var revokedAt: Timestamp?

    public init(
        id: String = ObjectID.generate(.apiKey), organizationID: String, name: String?, secretDigest: [UInt8],
        createdAt: Timestamp = .now(), revokedAt: Timestamp? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.secretDigest = secretDigest
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }
}
