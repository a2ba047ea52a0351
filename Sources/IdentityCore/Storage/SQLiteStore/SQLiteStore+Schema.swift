extension SQLiteStore {
    /// The numbered schema migrations, applied in order and tracked with `PRAGMA user_version`.
    static let migrator = SQLiteMigrator(migrations: [
        SQLiteMigrator.Migration(version: 1, name: "identities, agents, blocks, tags and their links", sql: schemaVersion1)
    ])

    /// The whole API's schema.
    ///
    /// - Objects have an integer `pk` (the rowid) next to their public text `id`: link tables and
    ///   tag tables hold integers, so links stay small and joins are rowid lookups.
    /// - Every link and tag row has a `seq` (its rowid): reading links `ORDER BY seq` gives the
    ///   order they were made in, on both sides of the link.
    /// - Children reference their parents with `ON DELETE CASCADE`, and every foreign-key column
    ///   is the first column of an index, so deleting an object removes its links cheaply.
    /// - An identity's (organization, identifier_key, project) is unique with a null project
    ///   counted as a value: the unique index keys on `project_id IS NULL` and
    ///   `ifnull(project_id, '')`, so null and "" are different values and two nulls collide.
    /// - Agents keep the columns lists filter and sort on; everything else of an agent is one JSON
    ///   document in `agent_documents`, so the `agents` table stays compact for scans.
    /// - `blocks_agents.block_label` copies the block's label so labels are unique per agent
    ///   (`UNIQUE (agent_pk, block_label)`); renaming a block updates it.
    /// - Tag tables copy the owner's organization so tag filters and the tag list use one index.
    static let schemaVersion1 = """
        CREATE TABLE organizations (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE identities (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            identifier_key TEXT NOT NULL,
            name TEXT NOT NULL,
            identity_type TEXT NOT NULL,
            project_id TEXT,
            properties TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX identities_identifier_key_unique
            ON identities (organization_id, identifier_key, project_id IS NULL, ifnull(project_id, ''));
        CREATE INDEX identities_by_organization_created ON identities (organization_id, created_at, id);

        CREATE TABLE agents (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_run_completion INTEGER,
            project_id TEXT,
            template_id TEXT,
            base_template_id TEXT,
            hidden INTEGER,
            last_stop_reason TEXT,
            created_by_id TEXT
        ) STRICT;
        CREATE INDEX agents_by_organization_created ON agents (organization_id, created_at, id);
        CREATE INDEX agents_by_organization_updated ON agents (organization_id, updated_at, id);
        CREATE INDEX agents_by_organization_name ON agents (organization_id, name);
        CREATE INDEX agents_by_organization_project ON agents (organization_id, project_id);

        CREATE TABLE agent_documents (
            agent_pk INTEGER PRIMARY KEY REFERENCES agents (pk) ON DELETE CASCADE,
            document TEXT NOT NULL
        ) STRICT;

        CREATE TABLE blocks (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
            label TEXT,
            description TEXT,
            metadata TEXT NOT NULL,
            value_limit INTEGER NOT NULL,
            project_id TEXT,
            template_name TEXT,
            is_template INTEGER NOT NULL,
            template_id TEXT,
            base_template_id TEXT,
            deployment_id TEXT,
            entity_id TEXT,
            preserve_on_migration INTEGER,
            read_only INTEGER NOT NULL,
            hidden INTEGER,
            created_by_id TEXT,
            last_updated_by_id TEXT,
            created_at INTEGER NOT NULL,
            value TEXT NOT NULL
        ) STRICT;
        CREATE INDEX blocks_by_organization_created ON blocks (organization_id, created_at, id);
        CREATE INDEX blocks_by_organization_label ON blocks (organization_id, label);

        CREATE TABLE identities_agents (
            seq INTEGER PRIMARY KEY,
            identity_pk INTEGER NOT NULL REFERENCES identities (pk) ON DELETE CASCADE,
            agent_pk INTEGER NOT NULL REFERENCES agents (pk) ON DELETE CASCADE,
            UNIQUE (identity_pk, agent_pk)
        ) STRICT;
        CREATE INDEX identities_agents_by_agent ON identities_agents (agent_pk, identity_pk);

        CREATE TABLE identities_blocks (
            seq INTEGER PRIMARY KEY,
            identity_pk INTEGER NOT NULL REFERENCES identities (pk) ON DELETE CASCADE,
            block_pk INTEGER NOT NULL REFERENCES blocks (pk) ON DELETE CASCADE,
            UNIQUE (identity_pk, block_pk)
        ) STRICT;
        CREATE INDEX identities_blocks_by_block ON identities_blocks (block_pk, identity_pk);

        CREATE TABLE blocks_agents (
            seq INTEGER PRIMARY KEY,
            agent_pk INTEGER NOT NULL REFERENCES agents (pk) ON DELETE CASCADE,
            block_pk INTEGER NOT NULL REFERENCES blocks (pk) ON DELETE CASCADE,
            block_label TEXT,
            UNIQUE (agent_pk, block_pk),
            UNIQUE (agent_pk, block_label)
        ) STRICT;
        CREATE INDEX blocks_agents_by_block ON blocks_agents (block_pk, agent_pk);

        CREATE TABLE agent_tags (
            seq INTEGER PRIMARY KEY,
            agent_pk INTEGER NOT NULL REFERENCES agents (pk) ON DELETE CASCADE,
            organization_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            UNIQUE (agent_pk, tag)
        ) STRICT;
        CREATE INDEX agent_tags_by_tag ON agent_tags (organization_id, tag, agent_pk);

        CREATE TABLE block_tags (
            seq INTEGER PRIMARY KEY,
            block_pk INTEGER NOT NULL REFERENCES blocks (pk) ON DELETE CASCADE,
            organization_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            UNIQUE (block_pk, tag)
        ) STRICT;
        CREATE INDEX block_tags_by_tag ON block_tags (organization_id, tag, block_pk);
        """
}
