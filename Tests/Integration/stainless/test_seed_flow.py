"""The multi-user guide's flow through letta-client 1.7.0 (Stainless), as its
Python snippets write it."""

from __future__ import annotations

from harness.expectations import assert_seed_agent
from harness.util import DEFAULT_ORG_ID, IDENTITY_ID, SEED_EMBEDDING, SEED_MODEL, unique


def test_seedFlow_IdentityAgentAndListByIdentifierKey(fresh_client):
    client = fresh_client
    identity = client.identities.create(identifier_key="user_1", name="Caren", identity_type="user")
    assert IDENTITY_ID.match(identity.id)
    assert (identity.identifier_key, identity.name, identity.identity_type) == ("user_1", "Caren", "user")
    assert identity.agent_ids == [] and identity.block_ids == [] and identity.properties == []
    assert identity.project_id is None
    assert identity.organization_id == DEFAULT_ORG_ID

    agent = client.agents.create(
        memory_blocks=[],
        model="anthropic/claude-3-5-sonnet-20241022",
        context_window_limit=200000,
        embedding="openai/text-embedding-3-small",
        identity_ids=[identity.id],
    )
    assert_seed_agent(agent.to_dict(mode="json"), identity_ids=[identity.id])
    assert agent.llm_config.api_model_endpoint_type == "anthropic"
    assert agent.llm_config.context_window == 200000
    assert agent.embedding_config.embedding_dim == 1536

    user_agents = client.agents.list(identifier_keys=["user_1"])
    assert [a.id for a in user_agents] == [agent.id]
    # DECISIONS #13: relationships are filled for 1.x clients without include=.
    assert user_agents.items[0].identity_ids == [identity.id]
    assert [i.identifier_key for i in user_agents.items[0].identities] == ["user_1"]

    assert client.identities.retrieve(identity.id).agent_ids == [agent.id]
    assert [a.id for a in client.identities.agents.list(identity.id)] == [agent.id]


def test_seedFlow_AgentsTaggedWithUserIdAreListedByTag(fresh_client):
    client = fresh_client
    user_id = "my_uuid"
    agent = client.agents.create(
        memory_blocks=[],
        model="anthropic/claude-3-5-sonnet-20241022",
        context_window_limit=200000,
        embedding="openai/text-embedding-3-small",
        tags=[user_id],
    )
    assert agent.tags == [user_id]
    assert agent.model == SEED_MODEL and agent.embedding == SEED_EMBEDDING
    other = client.agents.create(memory_blocks=[], model=SEED_MODEL, embedding=SEED_EMBEDDING,
                                 tags=[unique("someone-else")])

    user_agents = client.agents.list(tags=[user_id])
    agent_ids = [a.id for a in user_agents]
    assert agent_ids == [agent.id]
    assert other.id not in agent_ids
    assert user_agents.items[0].tags == [user_id]
    assert user_id in client.tags.list()


def test_seedFlow_AttachIdentityToExistingAgent(fresh_client):
    client = fresh_client
    agent = client.agents.create(memory_blocks=[], model=SEED_MODEL, context_window_limit=200000,
                                 embedding=SEED_EMBEDDING)
    identity = client.identities.create(identifier_key="user_1", name="Sarah", identity_type="user",
                                        agent_ids=[agent.id])
    assert identity.agent_ids == [agent.id]
    listed = client.agents.list(identifier_keys=["user_1"])
    assert [a.id for a in listed] == [agent.id]
    assert listed.items[0].identity_ids == [identity.id]
