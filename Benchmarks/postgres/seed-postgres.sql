-- Seeds :rows identities and :rows agents (each with two memory blocks, a tag, and one to three
-- linked identities; identity 100h is linked to exactly 10 agents) into a PostgresStore schema, in bulk. :'template' is an agent created through
-- the API whose stored document every seeded agent copies. Timestamps are microseconds, as the
-- store writes them. Run with psql -v rows=N -v template=agent-… -v org=org-….
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE seed_ids AS
SELECT g,
       'identity-' || gen_random_uuid() AS identity_id,
       'agent-' || gen_random_uuid() AS agent_id,
       'block-' || gen_random_uuid() AS human_id,
       'block-' || gen_random_uuid() AS persona_id
FROM generate_series(1, :rows) AS g;
-- Indexed and analyzed: the link inserts join it to itself on g.
CREATE INDEX seed_ids_by_g ON seed_ids (g);
ANALYZE seed_ids;

INSERT INTO identities (id, organization_id, identifier_key, name, identity_type, project_id, properties, created_at)
SELECT identity_id, :'org', 'user-' || g, 'User ' || g, 'user', NULL, '[]', 1700000000000000 + g FROM seed_ids;

INSERT INTO agents (id, organization_id, name, created_at, updated_at, last_run_completion, project_id, template_id,
                    base_template_id, hidden, last_stop_reason, created_by_id)
SELECT agent_id, :'org', 'agent-' || g, 1700000000000000 + g, 1700000000000000 + g, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM seed_ids;

INSERT INTO agent_documents (agent_id, document)
SELECT agent_id, (SELECT document FROM agent_documents WHERE agent_id = :'template') FROM seed_ids;

INSERT INTO blocks (id, organization_id, label, description, metadata, value_limit, project_id, template_name,
                    is_template, template_id, base_template_id, deployment_id, entity_id, preserve_on_migration,
                    read_only, hidden, created_by_id, last_updated_by_id, created_at, value)
SELECT human_id, :'org', 'human', NULL, '{}', 100000, NULL, NULL, false, NULL, NULL, NULL, NULL, false, false,
       NULL::boolean, NULL, NULL, 1700000000000000 + g, 'The human is user ' || g FROM seed_ids
UNION ALL
SELECT persona_id, :'org', 'persona', NULL, '{}', 100000, NULL, NULL, false, NULL, NULL, NULL, NULL, false, false, NULL,
       NULL, NULL, 1700000000000000 + g, 'A helpful assistant' FROM seed_ids;

INSERT INTO blocks_agents (agent_id, block_id, block_label)
SELECT agent_id, human_id, 'human' FROM seed_ids
UNION ALL
SELECT agent_id, persona_id, 'persona' FROM seed_ids;

INSERT INTO identities_agents (identity_id, agent_id)
SELECT identity_id, agent_id FROM seed_ids
UNION ALL
SELECT next.identity_id, s.agent_id FROM seed_ids s JOIN seed_ids next ON next.g = s.g + 1 WHERE s.g % 4 = 0
UNION ALL
-- Hubs: identity 100h is also linked to agents 100h-9 … 100h-1, so it has exactly 10 agents.
SELECT hub.identity_id, s.agent_id FROM seed_ids s JOIN seed_ids hub ON hub.g = s.g - s.g % 100 + 100
WHERE s.g % 100 >= 91;

INSERT INTO agent_tags (agent_id, organization_id, tag)
SELECT agent_id, :'org', 'tier-' || (g % 50) FROM seed_ids;

INSERT INTO organization_tags (organization_id, tag)
SELECT DISTINCT organization_id, tag FROM agent_tags ON CONFLICT DO NOTHING;
COMMIT;
ANALYZE;
