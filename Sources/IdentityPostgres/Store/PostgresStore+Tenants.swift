import IdentityCore

extension PostgresStore: TenantStore {
    // MARK: Organizations

    public func createOrganization(_ organization: Organization) throws -> Organization {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement(
                    "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)",
                    [.text(organization.id), .text(organization.name), .int(organization.createdAt.microseconds)])
            ])
        }
        return organization
    }

    public func organization(id: String) throws -> Organization? {
        try read { connection in
            try connection.query("SELECT id, name, created_at FROM organizations WHERE id = $1", [.text(id)])
                .first.map(Self.organization)
        }
    }

    public func listOrganizations() throws -> [Organization] {
        try read { connection in
            try connection.query("SELECT id, name, created_at FROM organizations ORDER BY created_at, id")
                .map(Self.organization)
        }
    }

    /// One `DELETE`: identities, agents, blocks and API keys reference the organization with
    /// `ON DELETE CASCADE`, and their tags and links cascade from them.
    public func deleteOrganization(id: String) throws -> Bool {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement("DELETE FROM organizations WHERE id = $1", [.text(id)])
            ])[0].affectedRows > 0
        }
    }

    // MARK: API keys

    public func createAPIKey(_ key: APIKey) throws -> APIKey {
        do {
            try write { transaction in
                try transaction.commit(after: [
                    PostgresStatement(
                        """
                        INSERT INTO api_keys (id, organization_id, name, secret_digest, created_at, revoked_at) \
                        VALUES ($1, $2, $3, $4, $5, $6)
                        """,
                        [
                            .text(key.id), .text(key.organizationID), .string(key.name), .bytes(key.secretDigest),
                            .int(key.createdAt.microseconds), .int(key.revokedAt?.microseconds),
                        ])
                ])
            }
        } catch let error as PostgresError where error.isForeignKeyViolation {
            throw StoreError.notFound(kind: .org, id: key.organizationID)
        }
        return key
    }

    public func apiKey(id: String) throws -> APIKey? {
        try read { connection in
            try connection.query("\(Self.apiKeyColumns) WHERE id = $1", [.text(id)]).first.map(Self.apiKey)
        }
    }

    public func apiKey(secretDigest: [UInt8]) throws -> APIKey? {
        try read { connection in
            try connection.query("\(Self.apiKeyColumns) WHERE secret_digest = $1", [.bytes(secretDigest)])
                .first.map(Self.apiKey)
        }
    }

    public func listAPIKeys(organizationID: String?) throws -> [APIKey] {
        try read { connection in
            if let organizationID {
                return try connection.query(
                    "\(Self.apiKeyColumns) WHERE organization_id = $1 ORDER BY created_at, id", [.text(organizationID)]
                ).map(Self.apiKey)
            }
            return try connection.query("\(Self.apiKeyColumns) ORDER BY created_at, id").map(Self.apiKey)
        }
    }

    /// The update and the read travel together (one round trip, one transaction).
    public func revokeAPIKey(id: String, at time: Timestamp) throws -> APIKey? {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement(
                    "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                    [.text(id), .int(time.microseconds)]),
                PostgresStatement("\(Self.apiKeyColumns) WHERE id = $1", [.text(id)]),
            ])[1].first.map(Self.apiKey)
        }
    }

    // MARK: Rows

    private static let apiKeyColumns =
        "SELECT id, organization_id, name, secret_digest, created_at, revoked_at FROM api_keys"

    private static func organization(_ row: PostgresRow) -> Organization {
        Organization(id: row.string(0), name: row.string(1), createdAt: Timestamp(microseconds: row.int64(2)))
    }

    private static func apiKey(_ row: PostgresRow) -> APIKey {
        APIKey(
            id: row.string(0), organizationID: row.string(1), name: row.optionalString(2), secretDigest: row.bytes(3),
            createdAt: Timestamp(microseconds: row.int64(4)), revokedAt: row.optionalInt64(5).map(Timestamp.init(microseconds:)))
    }
}
