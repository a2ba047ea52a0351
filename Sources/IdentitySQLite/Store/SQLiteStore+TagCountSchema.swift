import IdentityCore

extension SQLiteStore {
    /// Migration 5: tag filters on agents answer from tag entries alone, never visiting agent rows
    /// to count or to test `hidden`.
    ///
    /// - `agent_tags.hidden` copies `agents.hidden IS 1` (0 or 1). Tag rows are inserted with it
    ///   read from the agent row (`TagTable.agents.insertSQL`), and the trigger
    ///   `agents_hidden_copied` rewrites it on every tag row of an agent whose `hidden` changes.
    ///   The tag index carries it, so a count over tag entries filters hidden agents in the index.
    /// - `organization_tags.agents` and `.hidden_agents` count the agent tag rows (and those of
    ///   hidden agents) of each (organization, tag), kept by the agent tag triggers next to
    ///   `carriers` (which still counts agents and blocks together, so block carriers are
    ///   `carriers - agents`). A one-tag count is one lookup; any tag filter's size is known
    ///   without counting index entries.
    /// - The immutability trigger now allows updating `hidden` only.
    static let schemaVersion5 = """
        DROP TRIGGER agent_tags_counted;
        DROP TRIGGER agent_tags_uncounted;
        DROP TRIGGER agent_tags_immutable;

        ALTER TABLE agent_tags ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        UPDATE agent_tags SET hidden = 1 WHERE agent_pk IN (SELECT pk FROM agents WHERE hidden IS 1);
        DROP INDEX agent_tags_by_tag;
        CREATE INDEX agent_tags_by_tag ON agent_tags (organization_id, tag, agent_pk, hidden);
        INSERT INTO sqlite_stat1 (tbl, idx, stat)
            SELECT 'agent_tags', 'agent_tags_by_tag', '3000000 3000000 100 1 1'
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'agent_tags' AND idx = 'agent_tags_by_tag');

        ALTER TABLE organization_tags ADD COLUMN agents INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE organization_tags ADD COLUMN hidden_agents INTEGER NOT NULL DEFAULT 0;
        UPDATE organization_tags SET
            agents = (
                SELECT count(*) FROM agent_tags t
                WHERE t.organization_id = organization_tags.organization_id AND t.tag = organization_tags.tag),
            hidden_agents = (
                SELECT count(*) FROM agent_tags t
                WHERE t.organization_id = organization_tags.organization_id AND t.tag = organization_tags.tag
                    AND t.hidden = 1);

        CREATE TRIGGER agent_tags_counted AFTER INSERT ON agent_tags BEGIN
            INSERT INTO organization_tags (organization_id, tag, carriers, agents, hidden_agents)
                VALUES (NEW.organization_id, NEW.tag, 1, 1, NEW.hidden)
                ON CONFLICT (organization_id, tag) DO UPDATE SET
                    carriers = carriers + 1, agents = agents + 1,
                    hidden_agents = hidden_agents + excluded.hidden_agents;
        END;
        CREATE TRIGGER agent_tags_uncounted AFTER DELETE ON agent_tags BEGIN
            UPDATE organization_tags
                SET carriers = carriers - 1, agents = agents - 1, hidden_agents = hidden_agents - OLD.hidden
                WHERE organization_id = OLD.organization_id AND tag = OLD.tag;
            DELETE FROM organization_tags
                WHERE organization_id = OLD.organization_id AND tag = OLD.tag AND carriers <= 0;
        END;
        CREATE TRIGGER agent_tags_hidden_counted AFTER UPDATE OF hidden ON agent_tags BEGIN
            UPDATE organization_tags SET hidden_agents = hidden_agents + NEW.hidden - OLD.hidden
                WHERE organization_id = NEW.organization_id AND tag = NEW.tag;
        END;
        CREATE TRIGGER agent_tags_immutable BEFORE UPDATE OF seq, agent_pk, organization_id, tag ON agent_tags BEGIN
            SELECT RAISE(ABORT, 'tag rows are replaced, not updated');
        END;
        CREATE TRIGGER agents_hidden_copied AFTER UPDATE OF hidden ON agents
            WHEN (NEW.hidden IS 1) IS NOT (OLD.hidden IS 1) BEGIN
            UPDATE agent_tags SET hidden = (NEW.hidden IS 1) WHERE agent_pk = NEW.pk;
        END;
        ANALYZE sqlite_schema;
        """
}
