-- The same data as seed-postgres.sql for an SQLiteStore file (integer pks, uuid4 text ids built from
-- randomblob). Parameters are substituted by bench-postgres.sh: @ROWS@, @TEMPLATE@, @ORG@.
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE seed_ids AS
WITH RECURSIVE series(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM series WHERE g < @ROWS@),
uuids AS (
    SELECT g,
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) AS u1,
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) AS u2,
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) AS u3,
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) AS u4
    FROM series
)
SELECT g, 'identity-' || u1 AS identity_id, 'agent-' || u2 AS agent_id, 'block-' || u3 AS human_id,
       'block-' || u4 AS persona_id
FROM uuids;
-- Indexed and analyzed: the link inserts join it to itself on g.
CREATE INDEX seed_ids_by_g ON seed_ids (g);
ANALYZE seed_ids;

INSERT INTO identities (id, organization_id, identifier_key, name, identity_type, project_id, properties, created_at)
SELECT identity_id, '@ORG@', 'user-' || g, 'User ' || g, 'user', NULL, '[]', 1700000000000000 + g FROM seed_ids;

INSERT INTO agents (id, organization_id, name, created_at, updated_at, last_run_completion, project_id, template_id,
                    base_template_id, hidden, last_stop_reason, created_by_id)
SELECT agent_id, '@ORG@', 'agent-' || g, 1700000000000000 + g, 1700000000000000 + g, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM seed_ids;

INSERT INTO agent_documents (agent_pk, document)
SELECT a.pk, (SELECT d.document FROM agent_documents d JOIN agents t ON t.pk = d.agent_pk WHERE t.id = '@TEMPLATE@')
FROM seed_ids s JOIN agents a ON a.id = s.agent_id;

INSERT INTO blocks (id, organization_id, label, description, metadata, value_limit, project_id, template_name,
                    is_template, template_id, base_template_id, deployment_id, entity_id, preserve_on_migration,
                    read_only, hidden, created_by_id, last_updated_by_id, created_at, value)
SELECT human_id, '@ORG@', 'human', NULL, '{}', 100000, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL,
       1700000000000000 + g, 'The human is user ' || g FROM seed_ids
UNION ALL
SELECT persona_id, '@ORG@', 'persona', NULL, '{}', 100000, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL,
       1700000000000000 + g, 'A helpful assistant' FROM seed_ids;

INSERT INTO blocks_agents (agent_pk, block_pk, block_label)
SELECT a.pk, b.pk, 'human' FROM seed_ids s JOIN agents a ON a.id = s.agent_id JOIN blocks b ON b.id = s.human_id
UNION ALL
SELECT a.pk, b.pk, 'persona' FROM seed_ids s JOIN agents a ON a.id = s.agent_id JOIN blocks b ON b.id = s.persona_id;

INSERT INTO identities_agents (identity_pk, agent_pk)
SELECT i.pk, a.pk FROM seed_ids s JOIN identities i ON i.id = s.identity_id JOIN agents a ON a.id = s.agent_id
UNION ALL
SELECT i.pk, a.pk FROM seed_ids s JOIN seed_ids n ON n.g = s.g + 1 JOIN identities i ON i.id = n.identity_id
    JOIN agents a ON a.id = s.agent_id WHERE s.g % 4 = 0
UNION ALL
SELECT i.pk, a.pk FROM seed_ids s JOIN seed_ids hub ON hub.g = s.g - s.g % 100 + 100
    JOIN identities i ON i.id = hub.identity_id JOIN agents a ON a.id = s.agent_id WHERE s.g % 100 >= 91;

-- Tag rows copy the agent's hidden flag and sort key (SQLite schema migrations 5 and 8).
INSERT INTO agent_tags (agent_pk, organization_id, tag, hidden, created_at, agent_id)
SELECT a.pk, '@ORG@', 'tier-' || (s.g % 50), a.hidden IS 1, a.created_at, a.id
FROM seed_ids s JOIN agents a ON a.id = s.agent_id;
COMMIT;
ANALYZE;
