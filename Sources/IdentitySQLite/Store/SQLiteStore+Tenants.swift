import IdentityCore

extension SQLiteStore: TenantStore {
    // MARK: Organizations

    public func createOrganization(_ organization: Organization) throws -> Organization {
        try write { db in
            try db.run(
                "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)",
                [.text(organization.id), .text(organization.name), .integer(organization.createdAt.microseconds)])
        }
        return organization
    }

    public func organization(id: String) throws -> Organization? {
        try read { db in
            try db.queryFirst("SELECT id, name, created_at FROM organizations WHERE id = ?", [.text(id)], Self.organization)
        }
    }

    public func listOrganizations() throws -> [Organization] {
        try read { db in
            try db.query("SELECT id, name, created_at FROM organizations ORDER BY created_at, id", [], Self.organization)
        }
    }

    /// One `DELETE`: identities, agents, blocks and API keys reference the organization with
    /// `ON DELETE CASCADE`, and their tags and links cascade from them.
    public func deleteOrganization(id: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM organizations WHERE id = ?", [.text(id)])
            return db.changes > 0
        }
    }

    // MARK: API keys

    public func createAPIKey(_ key: APIKey) throws -> APIKey {
        try write { db in
            guard try db.scalarInt("SELECT 1 FROM organizations WHERE id = ?", [.text(key.organizationID)]) != nil else {
                throw StoreError.notFound(kind: .org, id: key.organizationID)
            }
            try db.run(
                """
                INSERT INTO api_keys (id, organization_id, name, secret_digest, created_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(key.id), .text(key.organizationID), key.name.map(SQLiteValue.text) ?? .null,
                    .blob(key.secretDigest), .integer(key.createdAt.microseconds),
                    key.revokedAt.map { .integer($0.microseconds) } ?? .null,
                ])
        }
        return key
    }

    public func apiKey(id: String) throws -> APIKey? {
        try read { db in try db.queryFirst("\(Self.apiKeyColumns) WHERE id = ?", [.text(id)], Self.apiKey) }
    }

    public func apiKey(secretDigest: [UInt8]) throws -> APIKey? {
        try read { db in
            try db.queryFirst("\(Self.apiKeyColumns) WHERE secret_digest = ?", [.blob(secretDigest)], Self.apiKey)
        }
    }

    public func listAPIKeys(organizationID: String?) throws -> [APIKey] {
        try read { db in
            if let organizationID {
                return try db.query(
                    "\(Self.apiKeyColumns) WHERE organization_id = ? ORDER BY created_at, id", [.text(organizationID)],
                    Self.apiKey)
            }
            return try db.query("\(Self.apiKeyColumns) ORDER BY created_at, id", [], Self.apiKey)
        }
    }

    public func revokeAPIKey(id: String, at time: Timestamp) throws -> APIKey? {
        try write { db in
            try db.run(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                [.integer(time.microseconds), .text(id)])
            return try db.queryFirst("\(Self.apiKeyColumns) WHERE id = ?", [.text(id)], Self.apiKey)
        }
    }

    // MARK: Rows

    private static let apiKeyColumns =
        "SELECT id, organization_id, name, secret_digest, created_at, revoked_at FROM api_keys"

    private static func organization(_ row: SQLiteRow) -> Organization {
        Organization(id: row.string(0), name: row.string(1), createdAt: Timestamp(microseconds: row.int(2)))
    }

    private static func apiKey(_ row: SQLiteRow) -> APIKey {
        APIKey(
            id: row.string(0), organizationID: row.string(1), name: row.optionalString(2), secretDigest: row.blob(3),
            createdAt: Timestamp(microseconds: row.int(4)),
            revokedAt: (row.optionalInt(5) as Int64?).map(Timestamp.init(microseconds:)))
    }
}
