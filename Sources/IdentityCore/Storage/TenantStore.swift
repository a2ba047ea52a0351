/// Storage for tenants: organizations and their API keys. Kept apart from `IdentityStore`
/// because only the admin API and authentication use it; a backend implements both.
///
/// Rules every implementation keeps:
/// - Keys are found by the SHA-256 digest of their secret (an indexed, unique column); the
///   secret itself is never stored.
/// - Deleting an organization deletes everything in it in one transaction: identities, agents,
///   blocks, their tags and links, and its API keys.
/// - Lists are ordered by `(created_at, id)`, oldest first.
public protocol TenantStore: Sendable {
    // MARK: Organizations

    /// Stores a new organization (its id must be new).
    func createOrganization(_ organization: Organization) throws -> Organization
    func organization(id: String) throws -> Organization?
    func listOrganizations() throws -> [Organization]
    /// Deletes the organization and everything it owns; false if it did not exist.
    func deleteOrganization(id: String) throws -> Bool

    // MARK: API keys

    /// Stores a new key; `StoreError.notFound(kind: .org, …)` if its organization does not exist.
    func createAPIKey(_ key: APIKey) throws -> APIKey
    func apiKey(id: String) throws -> APIKey?
    /// The key whose secret has this SHA-256 digest, revoked or not.
    func apiKey(secretDigest: [UInt8]) throws -> APIKey?
    /// Every key, or those of one organization, revoked ones included.
    func listAPIKeys(organizationID: String?) throws -> [APIKey]
    /// Marks the key revoked at `time` unless it already is (the first revocation time is
    /// kept) and returns it; nil if there is no such key.
    func revokeAPIKey(id: String, at time: Timestamp) throws -> APIKey?
}
