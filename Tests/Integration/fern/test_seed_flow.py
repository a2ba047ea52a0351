"""The multi-user guide's Python snippets, verbatim, through the Fern-generated
letta-client 0.1.x (the generation the guide was written for)."""

from __future__ import annotations

from letta_client import Letta

from harness.util import DEFAULT_ORG_ID, IDENTITY_ID, SEED_EMBEDDING, SEED_MODEL


def test_seedGuide_IdentityThenAgentThenListByIdentifierKeys(fresh_client):
    client = fresh_client
    identity = client.identities.create(
        identifier_key="user_1",
        name="Caren",
        identity_type="user"
    )
    assert IDENTITY_ID.match(identity.id)
    assert (identity.identifier_key, identity.name, identity.identity_type) == ("user_1", "Caren", "user")
    assert identity.agent_ids == [] and identity.block_ids == []
    assert identity.organization_id == DEFAULT_ORG_ID  # extra field, kept by the lenient model

    agent = client.agents.create(
        memory_blocks=[],
        model="anthropic/claude-3-5-sonnet-20241022",
        context_window_limit=200000,
        embedding="openai/text-embedding-3-small",
        identity_ids=[identity.id]
    )
    assert agent.agent_type == "letta_v1_agent"
    assert agent.llm_config.model == "claude-3-5-sonnet-20241022"
    assert agent.llm_config.model_endpoint_type == "anthropic"
    assert agent.llm_config.context_window == 200000
    assert agent.llm_config.handle == SEED_MODEL
    assert agent.embedding_config is not None  # required by the Fern AgentState
    assert agent.embedding_config.embedding_model == "text-embedding-3-small"
    assert agent.embedding_config.embedding_dim == 1536
    assert agent.embedding_config.handle == SEED_EMBEDDING
    assert agent.memory.blocks == []
    assert agent.identity_ids == [identity.id]
    assert agent.tags == [] and agent.tools == [] and agent.sources == []

    user_agents = client.agents.list(
        identifier_keys=["user_1"]
    )
    assert [a.id for a in user_agents] == [agent.id]
    assert user_agents[0].identity_ids == [identity.id]
    assert client.agents.count() == 1
    assert client.identities.count() == 1


def test_seedGuide_TagsExampleWithSelfHostedClient(fresh_api):
    # The guide constructs the client itself: Letta(base_url="http://localhost:8283").
    client = Letta(base_url=fresh_api.base_url, httpx_client=fresh_api.http(follow_redirects=True))

    user_id = "my_uuid"

    # create an agent with the user_id tag
    agent = client.agents.create(
        memory_blocks=[],
        model="anthropic/claude-3-5-sonnet-20241022",
        context_window_limit=200000,
        embedding="openai/text-embedding-3-small",
        tags=[user_id]
    )
    assert agent.tags == [user_id]

    # list agents
    user_agents = client.agents.list(tags=[user_id])
    agent_ids = [agent.id for agent in user_agents]
    assert agent_ids == [agent.id]
    assert client.tags.list() == [user_id]


def test_seedGuide_IdentityForExistingAgent(fresh_client):
    client = fresh_client
    agent = client.agents.create(memory_blocks=[], model=SEED_MODEL, context_window_limit=200000,
                                 embedding=SEED_EMBEDDING)
    identity = client.identities.create(
        identifier_key="user_1",
        name="Sarah",
        identity_type="user",
        agent_ids=[agent.id]
    )
    assert identity.agent_ids == [agent.id]
    assert [a.id for a in client.agents.list(identifier_keys=["user_1"])] == [agent.id]
    assert client.agents.retrieve(agent.id).identity_ids == [identity.id]


def test_health_Check(client):
    health = client.health.check()
    assert health.status == "ok" and health.version
