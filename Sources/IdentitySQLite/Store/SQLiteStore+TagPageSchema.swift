import IdentityCore

extension SQLiteStore {
    /// Migration 8: a one-tag agent page (`GET /v1/agents/?tags=T`, ordered by `created_at`) reads
    /// its rows from one range of a tag index that is already in page order, instead of scanning
    /// the organization's agents and probing each one's tags (`SQLiteStore.tagPageStatement`).
    ///
    /// - `agent_tags.created_at` and `.agent_id` copy the agent's `created_at` and `id`, the page's
    ///   sort key. Tag rows are inserted with them read from the agent row
    ///   (`TagTable.agents.insertSQL`), and the trigger `agents_sort_key_copied` rewrites them on
    ///   every tag row of an agent whose `created_at` (written by `PATCH`, `migrate`/`import` and
    ///   agent-file imports) or `id` changes. Existing rows are filled here.
    /// - `agent_tags_in_page_order` (organization, tag, created_at, agent_id, hidden, agent_pk):
    ///   a page is at most `limit` entries of one range (cursors are its bounds), `hidden` is tested
    ///   in the index and `agent_pk` reaches the agent row by its rowid.
    /// - Updating these columns does not bump the revision (the agent's own update did) and is
    ///   allowed by `agent_tags_immutable`, which names the columns it protects.
    static let tagPageSchema = """
        ALTER TABLE agent_tags ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agent_tags ADD COLUMN agent_id TEXT NOT NULL DEFAULT '';
        UPDATE agent_tags SET (created_at, agent_id) = (SELECT a.created_at, a.id FROM agents a WHERE a.pk = agent_tags.agent_pk);
        CREATE INDEX agent_tags_in_page_order ON agent_tags (organization_id, tag, created_at, agent_id, hidden, agent_pk);
        INSERT INTO sqlite_stat1 (tbl, idx, stat)
            SELECT 'agent_tags', 'agent_tags_in_page_order', '3000000 3000000 100 2 1 1 1'
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'agent_tags' AND idx = 'agent_tags_in_page_order');
        CREATE TRIGGER agents_sort_key_copied AFTER UPDATE OF created_at, id ON agents
            WHEN NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id BEGIN
            UPDATE agent_tags SET created_at = NEW.created_at, agent_id = NEW.id WHERE agent_pk = NEW.pk;
        END;
        ANALYZE sqlite_schema;
        """
}
