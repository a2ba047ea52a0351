import IdentityCore

extension PostgresStore {
    /// Migration 6: `agents.revision`, the PostgreSQL twin of SQLite's migration 7 (see
    /// `SQLiteStore.revisionSchema` and docs/architecture.md, "Agent rendering cache").
    ///
    /// - Values come from the sequence `agent_revisions` (never handed out twice, also across
    ///   instances and rolled-back transactions). Existing agents keep 1; the sequence starts at 2.
    /// - A new agent takes the sequence's next value as its default; `agents_revised` gives every
    ///   update of an agent row that does not set the revision itself a new one.
    /// - `touch_agent_revision(id)` gives an agent a new revision unless its row was already written
    ///   by this transaction (its `xmin`), whose revision is then new already: one row version per
    ///   agent and transaction, however many of its tags and links change.
    /// - Triggers call it for the agent's document, tags and links, and for every agent linked to an
    ///   identity or block whose row changes, or to a block whose tags change.
    /// - Writers racing on links: a new link locks its identity or block `FOR SHARE`, and a block's tag
    ///   change locks the block `FOR NO KEY UPDATE` (an identity or block update holds that lock
    ///   already). So a change of an identity or block and a link to it made at the same time are
    ///   ordered: either the link waits for the change to commit (and the agent's bump follows it), or
    ///   the change waits for the link and then sees it, bumping the newly linked agent too.
    static let revisionSchema = """
        CREATE SEQUENCE agent_revisions START WITH 2;
        ALTER TABLE agents ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
        ALTER TABLE agents ALTER COLUMN revision SET DEFAULT nextval('agent_revisions');

        CREATE FUNCTION agents_revised() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.revision = OLD.revision THEN
                NEW.revision := nextval('agent_revisions');
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER agents_revised BEFORE UPDATE ON agents FOR EACH ROW EXECUTE FUNCTION agents_revised();

        CREATE FUNCTION touch_agent_revision(agent TEXT) RETURNS void LANGUAGE sql AS $$
            UPDATE agents SET revision = nextval('agent_revisions')
            WHERE id = agent AND xmin <> pg_current_xact_id()::xid
        $$;

        CREATE FUNCTION agent_row_revised() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM touch_agent_revision(OLD.agent_id);
                RETURN OLD;
            END IF;
            IF TG_TABLE_NAME = 'identities_agents' THEN
                PERFORM 1 FROM identities WHERE id = NEW.identity_id FOR SHARE;
            ELSIF TG_TABLE_NAME = 'blocks_agents' THEN
                PERFORM 1 FROM blocks WHERE id = NEW.block_id FOR SHARE;
            END IF;
            PERFORM touch_agent_revision(NEW.agent_id);
            RETURN NEW;
        END $$;
        CREATE TRIGGER agent_documents_revise AFTER UPDATE ON agent_documents
            FOR EACH ROW EXECUTE FUNCTION agent_row_revised();
        CREATE TRIGGER agent_tags_revise AFTER INSERT OR DELETE ON agent_tags
            FOR EACH ROW EXECUTE FUNCTION agent_row_revised();
        CREATE TRIGGER identities_agents_revise AFTER INSERT OR DELETE ON identities_agents
            FOR EACH ROW EXECUTE FUNCTION agent_row_revised();
        CREATE TRIGGER blocks_agents_revise AFTER INSERT OR DELETE ON blocks_agents
            FOR EACH ROW EXECUTE FUNCTION agent_row_revised();

        CREATE FUNCTION linked_agents_revised() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            owner TEXT;
        BEGIN
            IF TG_TABLE_NAME = 'identities' THEN
                PERFORM touch_agent_revision(l.agent_id) FROM identities_agents l WHERE l.identity_id = NEW.id ORDER BY l.agent_id;
                RETURN NEW;
            ELSIF TG_TABLE_NAME = 'blocks' THEN
                owner := NEW.id;
            ELSIF TG_OP = 'DELETE' THEN
                owner := OLD.block_id;
            ELSE
                owner := NEW.block_id;
            END IF;
            IF TG_TABLE_NAME = 'block_tags' THEN
                PERFORM 1 FROM blocks WHERE id = owner FOR NO KEY UPDATE;
            END IF;
            PERFORM touch_agent_revision(l.agent_id) FROM blocks_agents l WHERE l.block_id = owner ORDER BY l.agent_id;
            RETURN NULL;
        END $$;
        CREATE TRIGGER identities_revise_agents AFTER UPDATE ON identities
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION linked_agents_revised();
        CREATE TRIGGER blocks_revise_agents AFTER UPDATE ON blocks
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION linked_agents_revised();
        CREATE TRIGGER block_tags_revise_agents AFTER INSERT OR DELETE ON block_tags
            FOR EACH ROW EXECUTE FUNCTION linked_agents_revised();
        """
}
