/// JSON bodies of the admin API.
enum AdminJSON {
    /// `{"id","name","created_at"}`.
    static func write(_ organization: Organization, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", organization.id)
        writer.field("name", organization.name)
        writer.field("created_at", organization.createdAt.iso8601)
        writer.endObject()
    }

    /// `{"id","organization_id","name","created_at","revoked_at"}`, plus `"key"` (the secret)
    /// only in the answer to the creation.
    static func write(_ key: APIKey, secret: String?, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", key.id)
        writer.field("organization_id", key.organizationID)
        writer.field("name", key.name)
        writer.field("created_at", key.createdAt.iso8601)
        writer.field("revoked_at", key.revokedAt?.iso8601)
        if let secret { writer.field("key", secret) }
        writer.endObject()
    }
}
