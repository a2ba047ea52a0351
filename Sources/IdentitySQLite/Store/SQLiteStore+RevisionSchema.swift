import IdentityCore

extension SQLiteStore {
    /// Migration 7: `agents.revision`, which changes whenever anything that renders into the agent's
    /// JSON changes, so a rendering cache (`AgentRenderCache`) can tell a current rendering from a stale
    /// one by comparing one number read with the page (docs/architecture.md, "Agent rendering cache").
    ///
    /// - Revisions come from `agent_revision_counter`, a one-row counter that only grows: a value is
    ///   never given to two committed states of one agent, even when an agent is deleted and created
    ///   again with the same id. (A rolled-back transaction gives its values back, but nothing outside
    ///   it saw them.) Existing agents start at 1, the counter's start.
    /// - Triggers bump it, so every writer is covered (the API, the importer behind `migrate` and
    ///   `import`, agent-file imports, cascades): the agent row (insert, or any update that does not set
    ///   the revision itself), its document, tags, identity links and block links (a link row's
    ///   update too); an update of a linked identity (of any column) or block, and a block's tags,
    ///   bump every agent linked to it.
    ///   Deleting an identity or block removes its links, whose triggers bump the agents.
    /// - Inserting a document needs no trigger: it is inserted with its agent, which was bumped.
    /// - `identities_revise_agents` compares the identity's columns one by one (an update that
    ///   changes nothing, e.g. a link-only PATCH, bumps nothing): a column added to `identities`
    ///   later must be added to that list.
    static let revisionSchema = """
        CREATE TABLE agent_revision_counter (
            id INTEGER PRIMARY KEY CHECK (id = 0),
            value INTEGER NOT NULL
        ) STRICT;
        INSERT INTO agent_revision_counter (id, value) VALUES (0, 1);
        ALTER TABLE agents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

        CREATE TRIGGER agents_revised_on_insert AFTER INSERT ON agents BEGIN
            \(bump("pk = NEW.pk"))
        END;
        CREATE TRIGGER agents_revised AFTER UPDATE ON agents WHEN NEW.revision IS OLD.revision BEGIN
            \(bump("pk = NEW.pk"))
        END;
        CREATE TRIGGER agent_documents_revise AFTER UPDATE ON agent_documents BEGIN
            \(bump("pk = NEW.agent_pk"))
        END;
        \(ownedRowTriggers("agent_tags", owner: "agent_pk"))
        \(ownedRowTriggers("identities_agents", owner: "agent_pk"))
        \(ownedRowTriggers("blocks_agents", owner: "agent_pk"))

        CREATE TRIGGER identities_revise_agents AFTER UPDATE ON identities WHEN
            NEW.id IS NOT OLD.id OR NEW.organization_id IS NOT OLD.organization_id
            OR NEW.identifier_key IS NOT OLD.identifier_key OR NEW.name IS NOT OLD.name
            OR NEW.identity_type IS NOT OLD.identity_type OR NEW.project_id IS NOT OLD.project_id
            OR NEW.properties IS NOT OLD.properties OR NEW.created_at IS NOT OLD.created_at BEGIN
            \(bump("pk IN (SELECT agent_pk FROM identities_agents WHERE identity_pk = NEW.pk)"))
        END;
        CREATE TRIGGER blocks_agents_revise_on_update AFTER UPDATE ON blocks_agents BEGIN
            \(bump("pk = NEW.agent_pk"))
        END;
        CREATE TRIGGER blocks_revise_agents AFTER UPDATE ON blocks BEGIN
            \(touchLinks(of: "NEW.pk"))
        END;
        CREATE TRIGGER block_tags_revise_agents_on_insert AFTER INSERT ON block_tags BEGIN
            \(touchLinks(of: "NEW.block_pk"))
        END;
        CREATE TRIGGER block_tags_revise_agents_on_delete AFTER DELETE ON block_tags BEGIN
            \(touchLinks(of: "OLD.block_pk"))
        END;
        """

    /// Reaches the agents of a block through its link rows: rewriting them unchanged fires
    /// `blocks_agents_revise_on_update` once per agent, a one-row update each. (`pk IN (SELECT …)`
    /// would build a temporary index on every block write: ≈ 33k instructions of a 186k PATCH.)
    private static func touchLinks(of block: String) -> String {
        "UPDATE blocks_agents SET block_label = block_label WHERE block_pk = \(block);"
    }

    /// Takes the counter's next value and gives it to the agents matching `condition`.
    private static func bump(_ condition: String) -> String {
        """
        UPDATE agent_revision_counter SET value = value + 1 WHERE id = 0;
            UPDATE agents SET revision = (SELECT value FROM agent_revision_counter WHERE id = 0) WHERE \(condition);
        """
    }

    /// Bumps the owning agent when a row of an agent's tag or link table is inserted or deleted.
    /// (Tag rows are only updated to copy the agent's `hidden`, whose own update bumped it; link
    /// rows' updates are `blocks_agents_revise_on_update`.)
    private static func ownedRowTriggers(_ table: String, owner: String) -> String {
        """
        CREATE TRIGGER \(table)_revise_on_insert AFTER INSERT ON \(table) BEGIN
            \(bump("pk = NEW.\(owner)"))
        END;
        CREATE TRIGGER \(table)_revise_on_delete AFTER DELETE ON \(table) BEGIN
            \(bump("pk = OLD.\(owner)"))
        END;
        """
    }
}
