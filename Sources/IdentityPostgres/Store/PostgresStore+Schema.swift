import IdentityCore

extension PostgresStore {
    /// The numbered schema migrations (tracked in `schema_migrations`, applied under an advisory lock).
    static let migrator = PostgresMigrator(migrations: [
        PostgresMigrator.Migration(version: 1, name: "identities, agents, blocks, tags and their links", sql: schemaVersion1),
        PostgresMigrator.Migration(version: 2, name: "agent system prompt as a column", sql: schemaVersion2),
        PostgresMigrator.Migration(version: 3, name: "per-organization API keys", sql: apiKeysSchema),
        PostgresMigrator.Migration(version: 4, name: "tag directory", sql: tagDirectorySchema),
        PostgresMigrator.Migration(version: 5, name: "agent file parts kept with imported agents", sql: agentFilePartsSchema),
        PostgresMigrator.Migration(version: 6, name: "agent revisions for the rendering cache", sql: revisionSchema),
        PostgresMigrator.Migration(version: 7, name: "agent tag entries in page order", sql: tagPageSchema),
    ])

    /// The whole API's schema, the PostgreSQL twin of `SQLiteStore`'s.
    ///
    /// - Objects are keyed by their public text `id`; ids and tags use `COLLATE "C"` (code point order, the
    ///   order SQLite's BINARY collation gives), whatever the database's default collation is.
    /// - Timestamps are BIGINT microseconds since the epoch, exactly as in SQLite, so ordering and cursors
    ///   compare the same values.
    /// - An identity's (organization, identifier_key, project) is unique with a null project counted as a
    ///   value (`UNIQUE NULLS NOT DISTINCT`, PostgreSQL 15+); null and "" are different values.
    /// - Every link and tag row has a `seq` (an identity column): reading links `ORDER BY seq` gives the
    ///   order they were made in, on both sides of the link.
    /// - Children reference their parents with `ON DELETE CASCADE`, and every foreign-key column is the
    ///   first column of an index. Writers lock the rows they link to (`FOR KEY SHARE` / `FOR SHARE`), so a
    ///   concurrent delete either happens first (the link is refused) or waits and then removes the link.
    /// - `blocks_agents.block_label` copies the block's label so labels are unique per agent
    ///   (`UNIQUE (agent_id, block_label)`); renaming a block updates it in the same transaction.
    /// - Agents keep the columns lists filter and sort on; the rest of an agent is one JSON document in
    ///   `agent_documents`, so the `agents` table stays narrow for scans.
    /// - Tag tables copy the owner's organization so tag filters and the tag list use one index.
    static let schemaVersion1 = """
        CREATE TABLE organizations (
            id TEXT COLLATE "C" PRIMARY KEY,
            name TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );

        CREATE TABLE identities (
            id TEXT COLLATE "C" PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            identifier_key TEXT COLLATE "C" NOT NULL,
            name TEXT NOT NULL,
            identity_type TEXT NOT NULL,
            project_id TEXT COLLATE "C",
            properties TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            CONSTRAINT identities_identifier_key_unique
                UNIQUE NULLS NOT DISTINCT (organization_id, identifier_key, project_id)
        );
        CREATE INDEX identities_by_organization_created ON identities (organization_id, created_at, id);

        CREATE TABLE agents (
            id TEXT COLLATE "C" PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_run_completion BIGINT,
            project_id TEXT COLLATE "C",
            template_id TEXT COLLATE "C",
            base_template_id TEXT COLLATE "C",
            hidden BOOLEAN,
            last_stop_reason TEXT,
            created_by_id TEXT COLLATE "C"
        );
        CREATE INDEX agents_by_organization_created ON agents (organization_id, created_at, id);
        CREATE INDEX agents_by_organization_updated ON agents (organization_id, updated_at, id);
        CREATE INDEX agents_by_organization_last_run ON agents (organization_id, last_run_completion, id);
        CREATE INDEX agents_by_organization_name ON agents (organization_id, name);
        CREATE INDEX agents_by_organization_project ON agents (organization_id, project_id);

        CREATE TABLE agent_documents (
            agent_id TEXT COLLATE "C" PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
            document TEXT NOT NULL
        );

        CREATE TABLE blocks (
            id TEXT COLLATE "C" PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            label TEXT,
            description TEXT,
            metadata TEXT NOT NULL,
            value_limit BIGINT NOT NULL,
            project_id TEXT COLLATE "C",
            template_name TEXT,
            is_template BOOLEAN NOT NULL,
            template_id TEXT COLLATE "C",
            base_template_id TEXT COLLATE "C",
            deployment_id TEXT COLLATE "C",
            entity_id TEXT COLLATE "C",
            preserve_on_migration BOOLEAN,
            read_only BOOLEAN NOT NULL,
            hidden BOOLEAN,
            created_by_id TEXT COLLATE "C",
            last_updated_by_id TEXT COLLATE "C",
            created_at BIGINT NOT NULL,
            value TEXT NOT NULL
        );
        CREATE INDEX blocks_by_organization_created ON blocks (organization_id, created_at, id);
        CREATE INDEX blocks_by_organization_label ON blocks (organization_id, label);

        CREATE TABLE identities_agents (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            identity_id TEXT COLLATE "C" NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
            agent_id TEXT COLLATE "C" NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
            UNIQUE (identity_id, agent_id)
        );
        CREATE INDEX identities_agents_by_agent ON identities_agents (agent_id, identity_id);

        CREATE TABLE identities_blocks (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            identity_id TEXT COLLATE "C" NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
            block_id TEXT COLLATE "C" NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
            UNIQUE (identity_id, block_id)
        );
        CREATE INDEX identities_blocks_by_block ON identities_blocks (block_id, identity_id);

        CREATE TABLE blocks_agents (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agent_id TEXT COLLATE "C" NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
            block_id TEXT COLLATE "C" NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
            block_label TEXT,
            UNIQUE (agent_id, block_id),
            CONSTRAINT blocks_agents_label_unique UNIQUE (agent_id, block_label)
        );
        CREATE INDEX blocks_agents_by_block ON blocks_agents (block_id, agent_id);

        CREATE TABLE agent_tags (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agent_id TEXT COLLATE "C" NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
            organization_id TEXT COLLATE "C" NOT NULL,
            tag TEXT COLLATE "C" NOT NULL,
            UNIQUE (agent_id, tag)
        );
        CREATE INDEX agent_tags_by_tag ON agent_tags (organization_id, tag, agent_id);

        CREATE TABLE block_tags (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            block_id TEXT COLLATE "C" NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
            organization_id TEXT COLLATE "C" NOT NULL,
            tag TEXT COLLATE "C" NOT NULL,
            UNIQUE (block_id, tag)
        );
        CREATE INDEX block_tags_by_tag ON block_tags (organization_id, tag, block_id);
        """

    /// The system prompt gets a column of its own, as in SQLite's migration 3 (`AgentDocument` no longer
    /// carries it). Existing documents keep their text byte for byte (their key order is what the API
    /// renders); the copy of the prompt left inside them is ignored and dropped on the agent's next write.
    static let schemaVersion2 = """
        ALTER TABLE agent_documents ADD COLUMN system TEXT NOT NULL DEFAULT '';
        UPDATE agent_documents SET system = document::jsonb ->> 'system'
            WHERE jsonb_typeof(document::jsonb -> 'system') = 'string';
        """

    /// API keys (see `TenantStore`; SQLite's migration 4). The secret's SHA-256 digest is the lookup key
    /// (unique, so one secret can never name two keys); deleting an organization deletes its keys.
    static let apiKeysSchema = """
        CREATE TABLE api_keys (
            id TEXT COLLATE "C" PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            name TEXT,
            secret_digest BYTEA NOT NULL UNIQUE CHECK (octet_length(secret_digest) = 32),
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        );
        CREATE INDEX api_keys_by_organization_created ON api_keys (organization_id, created_at, id);
        """

    /// Every tag an organization's agents or blocks have carried, so `GET /v1/tags/` reads a page of one
    /// small index instead of collecting the distinct tags of every tagged row. Writers add a tag with
    /// `ON CONFLICT DO NOTHING` (no counters, so writers with the same tag never queue on one row); a tag
    /// whose last carrier is gone stays in the directory and the list skips it (an `EXISTS` check).
    static let tagDirectorySchema = """
        CREATE TABLE organization_tags (
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            tag TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (organization_id, tag)
        );
        INSERT INTO organization_tags (organization_id, tag)
            SELECT organization_id, tag FROM agent_tags UNION SELECT organization_id, tag FROM block_tags;
        """
}
