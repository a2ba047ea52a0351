import IdentityCore

extension PostgresStore {
    /// Migration 7: a one-tag agent page (`GET /v1/agents/?tags=T`, ordered by `created_at`) reads one
    /// range of a tag index already in page order (`PostgresStore.agentPageQuery`) instead of scanning the
    /// organization's agents backwards and probing each one's tags (2,494 agents for a page of 50 at 100k
    /// agents and a tag on 1 in 50).
    ///
    /// - `agent_tags.created_at` and `.hidden` copy the agent's `created_at` and `hidden IS TRUE`
    ///   (`agent_id` is already there). `agent_tags_copy_agent` fills them on insert from the agent row,
    ///   which it locks `FOR SHARE`; `agents_copy_to_tags` rewrites them on the agent's tag rows when
    ///   either changes. The lock orders a tag insert and a concurrent change of its agent (which holds
    ///   the row `FOR NO KEY UPDATE`): the insert waits and reads the committed values, or the change
    ///   waits and then rewrites the committed tag row.
    /// - `agent_tags_in_page_order` (organization, tag, created_at, agent_id) INCLUDE (hidden): a page is at
    ///   most `limit` entries of one range, cursors its bounds, `hidden` tested in the index.
    /// - Tag rows updated this way do not bump the revision (only insert and delete do; the agent's own
    ///   update did).
    static let tagPageSchema = """
        ALTER TABLE agent_tags ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE agent_tags ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT false;
        UPDATE agent_tags t SET created_at = a.created_at, hidden = a.hidden IS TRUE FROM agents a WHERE a.id = t.agent_id;
        CREATE INDEX agent_tags_in_page_order ON agent_tags (organization_id, tag, created_at, agent_id) INCLUDE (hidden);

        CREATE FUNCTION agent_tags_copy_agent() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            SELECT a.created_at, a.hidden IS TRUE INTO NEW.created_at, NEW.hidden
                FROM agents a WHERE a.id = NEW.agent_id FOR SHARE;
            RETURN NEW;
        END;
        $$;
        CREATE TRIGGER agent_tags_copy_agent BEFORE INSERT ON agent_tags
            FOR EACH ROW EXECUTE FUNCTION agent_tags_copy_agent();

        CREATE FUNCTION agents_copy_to_tags() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE agent_tags SET created_at = NEW.created_at, hidden = NEW.hidden IS TRUE WHERE agent_id = NEW.id;
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER agents_copy_to_tags AFTER UPDATE OF created_at, hidden ON agents FOR EACH ROW
            WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at OR (NEW.hidden IS TRUE) IS DISTINCT FROM (OLD.hidden IS TRUE))
            EXECUTE FUNCTION agents_copy_to_tags();
        ANALYZE agent_tags;
        """
}
