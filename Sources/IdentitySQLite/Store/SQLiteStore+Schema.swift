import IdentityCore

extension SQLiteStore {
    /// The numbered schema migrations, applied in order and tracked with `PRAGMA user_version`.
    static let migrator = SQLiteMigrator(migrations: [
        SQLiteMigrator.Migration(
            version: 1, name: "identities, agents, blocks, tags and their links", sql: schemaVersion1),
        SQLiteMigrator.Migration(
            version: 2, name: "tag directory, sort indexes, planner statistics", sql: schemaVersion2),
        SQLiteMigrator.Migration(version: 3, name: "agent system prompt as a column", sql: schemaVersion3),
        SQLiteMigrator.Migration(version: 4, name: "per-organization API keys", sql: apiKeysSchema),
        SQLiteMigrator.Migration(
            version: 5, name: "agent tag counters and hidden copy for tag filters", sql: schemaVersion5),
        SQLiteMigrator.Migration(version: 6, name: "agent file parts kept with imported agents", sql: agentFilePartsSchema),
        SQLiteMigrator.Migration(version: 7, name: "agent revisions for the rendering cache", sql: revisionSchema),
        SQLiteMigrator.Migration(version: 8, name: "agent tag entries in page order", sql: tagPageSchema),
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

    /// - `organization_tags`: the distinct tags of each organization with how many agents and blocks
    ///   carry them, kept by triggers on the tag tables (also when rows go by cascade), so the tag
    ///   list reads one small index instead of de-duplicating every tag row.
    /// - Agents sorted by `last_run_completion` (nulls last) get one index per direction on the
    ///   exact key expression `ListQuery` orders by; the creation index also covers `hidden`.
    /// - `sqlite_stat1` is filled with the shape of the data rather than left empty, because
    ///   without statistics SQLite assumes an organization is selective and picks its index over
    ///   far better ones (e.g. the id index for `organization_id = ? AND id IN (…)`). The numbers
    ///   describe a large single-organization database: ids unique, an identifier key on ~2
    ///   identities, a tag on ~100 agents, a label or project on many rows. A later `ANALYZE`
    ///   replaces them with measured ones.
    static let schemaVersion2 = """
        CREATE TABLE organization_tags (
            organization_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            carriers INTEGER NOT NULL,
            PRIMARY KEY (organization_id, tag)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO organization_tags (organization_id, tag, carriers)
            SELECT organization_id, tag, count(*) FROM (
                SELECT organization_id, tag FROM agent_tags UNION ALL SELECT organization_id, tag FROM block_tags
            ) GROUP BY organization_id, tag;
        \(tagCounterTriggers("agent_tags"))
        \(tagCounterTriggers("block_tags"))

        DROP INDEX agents_by_organization_created;
        CREATE INDEX agents_by_organization_created ON agents (organization_id, created_at, id, hidden);
        CREATE INDEX agents_by_organization_last_run_ascending
            ON agents (organization_id, coalesce(last_run_completion, 9223372036854775807), id);
        CREATE INDEX agents_by_organization_last_run_descending
            ON agents (organization_id, coalesce(last_run_completion, (-9223372036854775807 - 1)), id);

        ANALYZE organizations;
        DELETE FROM sqlite_stat1;
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
            ('organizations', 'sqlite_autoindex_organizations_1', '10 1'),
            ('identities', 'sqlite_autoindex_identities_1', '1000000 1'),
            ('identities', 'identities_identifier_key_unique', '1000000 1000000 2 1 1'),
            ('identities', 'identities_by_organization_created', '1000000 1000000 1 1'),
            ('agents', 'sqlite_autoindex_agents_1', '1000000 1'),
            ('agents', 'agents_by_organization_created', '1000000 1000000 1 1 1'),
            ('agents', 'agents_by_organization_updated', '1000000 1000000 1 1'),
            ('agents', 'agents_by_organization_last_run_ascending', '1000000 1000000 2 1'),
            ('agents', 'agents_by_organization_last_run_descending', '1000000 1000000 2 1'),
            ('agents', 'agents_by_organization_name', '1000000 1000000 10'),
            ('agents', 'agents_by_organization_project', '1000000 1000000 10000'),
            ('agent_documents', NULL, '1000000'),
            ('blocks', 'sqlite_autoindex_blocks_1', '1000000 1'),
            ('blocks', 'blocks_by_organization_created', '1000000 1000000 1 1'),
            ('blocks', 'blocks_by_organization_label', '1000000 1000000 100000'),
            ('identities_agents', 'sqlite_autoindex_identities_agents_1', '2000000 2 1'),
            ('identities_agents', 'identities_agents_by_agent', '2000000 2 1'),
            ('identities_blocks', 'sqlite_autoindex_identities_blocks_1', '1000000 2 1'),
            ('identities_blocks', 'identities_blocks_by_block', '1000000 2 1'),
            ('blocks_agents', 'sqlite_autoindex_blocks_agents_1', '2000000 3 1'),
            ('blocks_agents', 'sqlite_autoindex_blocks_agents_2', '2000000 3 1'),
            ('blocks_agents', 'blocks_agents_by_block', '2000000 2 1'),
            ('agent_tags', 'sqlite_autoindex_agent_tags_1', '3000000 3 1'),
            ('agent_tags', 'agent_tags_by_tag', '3000000 3000000 100 1'),
            ('block_tags', 'sqlite_autoindex_block_tags_1', '1000000 2 1'),
            ('block_tags', 'block_tags_by_tag', '1000000 1000000 100 1'),
            ('organization_tags', 'organization_tags', '1000000 1000000 1');
        ANALYZE sqlite_schema;
        """

    /// Triggers keeping `organization_tags.carriers` equal to the number of rows of `table` and
    /// of the other tag table carrying each (organization, tag); a tag leaves at zero.
    private static func tagCounterTriggers(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_counted AFTER INSERT ON \(table) BEGIN
            INSERT INTO organization_tags (organization_id, tag, carriers) VALUES (NEW.organization_id, NEW.tag, 1)
                ON CONFLICT (organization_id, tag) DO UPDATE SET carriers = carriers + 1;
        END;
        CREATE TRIGGER \(table)_uncounted AFTER DELETE ON \(table) BEGIN
            UPDATE organization_tags SET carriers = carriers - 1
                WHERE organization_id = OLD.organization_id AND tag = OLD.tag;
            DELETE FROM organization_tags
                WHERE organization_id = OLD.organization_id AND tag = OLD.tag AND carriers <= 0;
        END;
        CREATE TRIGGER \(table)_immutable BEFORE UPDATE ON \(table) BEGIN
            SELECT RAISE(ABORT, 'tag rows are replaced, not updated');
        END;
        """
    }

    /// The system prompt is the largest part of an agent and needs no JSON: it moves out of the
    /// document into its own column, so reading an agent parses a few hundred bytes, not kilobytes.
    static let schemaVersion3 = """
        ALTER TABLE agent_documents ADD COLUMN system TEXT NOT NULL DEFAULT '';
        UPDATE agent_documents SET system = json_extract(document, '$.system'), document = json_remove(document, '$.system')
            WHERE json_type(document, '$.system') = 'text';
        """
}
