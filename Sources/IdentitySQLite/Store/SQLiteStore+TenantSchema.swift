import IdentityCore

extension SQLiteStore {
    /// API keys (see `TenantStore`; migration 4). The secret's SHA-256 digest is the lookup key
    /// (unique, so one secret can never name two keys); deleting an organization deletes its keys.
    static let apiKeysSchema = """
        CREATE TABLE api_keys (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            name TEXT,
            secret_digest BLOB NOT NULL UNIQUE CHECK (length(secret_digest) = 32),
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        ) STRICT;
        CREATE INDEX api_keys_by_organization_created ON api_keys (organization_id, created_at, id);
        """
}
