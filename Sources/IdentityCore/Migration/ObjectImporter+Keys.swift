extension ObjectImporter {
    /// Imports an API key under its id with its secret's digest, idempotently. A key is never
    /// rewritten: an equal one is `unchanged`, a revocation is applied (`updated`), anything else
    /// that differs — or a digest already held by another key — is skipped with the reason.
    public static func put(_ key: APIKey, into tenants: any TenantStore, dryRun: Bool) throws -> ImportOutcome {
        if let existing = try tenants.apiKey(id: key.id) {
            if existing == key { return .unchanged }
            var revoked = existing
            revoked.revokedAt = key.revokedAt
            guard existing.revokedAt == nil, let time = key.revokedAt, revoked == key else {
                return .skipped(reason: "differs from the key with this id in the target (keys are never rewritten)")
            }
            if !dryRun { _ = try tenants.revokeAPIKey(id: key.id, at: time) }
            return .updated
        }
        if let holder = try tenants.apiKey(secretDigest: key.secretDigest) {
            return .skipped(reason: "its secret belongs to \(holder.id) in the target")
        }
        if try tenants.organization(id: key.organizationID) == nil {
            return .skipped(reason: "organization \(key.organizationID) does not exist in the target")
        }
        if !dryRun { _ = try tenants.createAPIKey(key) }
        return .created
    }
}
