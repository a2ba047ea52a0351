"""Agents through letta-client 1.7.0: create, list filters, retrieve, update, delete,
identity attach/detach (letta-api.md §4, §7, §8.9, §8.12; DECISIONS #4-#7, #13)."""

from __future__ import annotations

import pytest
from letta_client import NotFoundError, UnprocessableEntityError

from harness.expectations import EMPTY_MEMORY
from harness.util import AGENT_ID, MISSING_AGENT, MISSING_IDENTITY, SEED_EMBEDDING, SEED_MODEL, unique


# -- create ------------------------------------------------------------------------------

def test_create_WithMemoryBlocksNameTagsAndMetadata(client):
    name = unique("Agent")
    agent = client.agents.create(
        name=name, model=SEED_MODEL, embedding=SEED_EMBEDDING, description="helper", metadata={"team": "blue"},
        tags=["t1", "t2", "t1"],
        memory_blocks=[{"label": "human", "value": "The human's name is Ada."},
                       {"label": "persona", "value": "I am a helpful assistant.", "limit": 5000}],
    )
    assert AGENT_ID.match(agent.id)
    assert agent.name == name
    assert agent.description == "helper"
    assert agent.metadata == {"team": "blue"}
    assert sorted(agent.tags) == ["t1", "t2"]
    assert [(b.label, b.value) for b in agent.blocks] == [("human", "The human's name is Ada."),
                                                          ("persona", "I am a helpful assistant.")]
    assert [b.id for b in agent.memory.blocks] == [b.id for b in agent.blocks]
    assert agent.blocks[1].limit == 5000 and agent.blocks[0].limit == 100000
    assert agent.llm_config.context_window == 128000  # no context_window_limit: default
    assert agent.max_files_open == 10 and agent.per_file_view_window_char_limit == 25000
    assert agent.created_at is not None and agent.created_at == agent.updated_at


def test_create_WithoutEmbedding_HasNullEmbedding(client):
    agent = client.agents.create(model="openai/gpt-4o-mini")
    assert agent.embedding is None and agent.embedding_config is None
    assert agent.llm_config.model == "gpt-4o-mini"
    assert agent.llm_config.api_model_endpoint_type == "openai"
    assert agent.llm_config.handle == "openai/gpt-4o-mini"
    assert agent.memory.blocks == [] and agent.tags == [] and agent.identity_ids == []


def test_create_AcceptsAnyProviderModelHandle(client):
    agent = client.agents.create(model="someprovider/some-model-7b", embedding=SEED_EMBEDDING)
    assert agent.model == "someprovider/some-model-7b"
    assert agent.llm_config.model == "some-model-7b"
    assert agent.llm_config.handle == "someprovider/some-model-7b"


def test_create_AttachesExistingBlocksByIdInOrder(client, make_block):
    first, second = make_block(label="first"), make_block(label="second")
    agent = client.agents.create(model=SEED_MODEL, block_ids=[second.id, first.id])
    assert [b.id for b in agent.blocks] == [second.id, first.id]  # attachment order (DECISIONS #11)


def test_create_RaisesNotFound_ForUnknownIdentityIds(client):
    before = len(list(client.agents.list(limit=0)))
    with pytest.raises(NotFoundError) as error:
        client.agents.create(model=SEED_MODEL, identity_ids=[MISSING_IDENTITY])
    assert MISSING_IDENTITY in error.value.body["detail"]
    assert len(list(client.agents.list(limit=0))) == before


def test_create_RaisesUnprocessable_ForMemoryBlockWithoutLabel(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.agents.create(model=SEED_MODEL, memory_blocks=[{"value": "x"}])  # type: ignore[typeddict-item]
    assert any(e["loc"] == ["body", "memory_blocks", 0, "label"] and e["type"] == "missing"
               for e in error.value.body["detail"])


def test_create_RaisesUnprocessable_ForMalformedIdentityId(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.agents.create(model=SEED_MODEL, identity_ids=["user_1"])
    assert any(e["loc"] == ["body", "identity_ids", 0] for e in error.value.body["detail"])


# -- list filters -------------------------------------------------------------------------

@pytest.fixture
def fleet(client, make_identity):
    """Four agents with known names, tags and identities."""
    tag = unique("fleet")
    a, b = f"a-{tag}", f"b-{tag}"
    owner = make_identity(identifier_key=unique("owner"))
    other_owner = make_identity(identifier_key=unique("other-owner"))
    agents = {
        "ab": client.agents.create(model=SEED_MODEL, name=f"Tag AB {tag}", tags=[a, b], identity_ids=[owner.id]),
        "a": client.agents.create(model=SEED_MODEL, name=f"Tag A {tag}", tags=[a],
                                  identity_ids=[owner.id, other_owner.id]),
        "b": client.agents.create(model=SEED_MODEL, name=f"Tag B {tag}", tags=[b], project_id=f"proj-{tag}"),
        "none": client.agents.create(model=SEED_MODEL, name=f"Plain {tag}", identity_ids=[other_owner.id]),
    }
    return tag, a, b, owner, other_owner, agents


def ids(page) -> set[str]:
    return {agent.id for agent in page}


def test_list_FiltersByTagsAny(client, fleet):
    tag, a, b, _, _, agents = fleet
    assert ids(client.agents.list(tags=[a])) == {agents["ab"].id, agents["a"].id}
    assert ids(client.agents.list(tags=[a, b])) == {agents["ab"].id, agents["a"].id, agents["b"].id}


def test_list_FiltersByTagsAll_WhenMatchAllTags(client, fleet):
    _, a, b, _, _, agents = fleet
    assert ids(client.agents.list(tags=[a, b], match_all_tags=True)) == {agents["ab"].id}


def test_list_TagsAreNotCommaSplit(client, fleet):
    _, a, b, _, _, _ = fleet
    assert list(client.agents.list(tags=[f"{a},{b}"])) == []


def test_list_FiltersByNameExactly(client, fleet):
    tag, _, _, _, _, agents = fleet
    assert ids(client.agents.list(name=f"Tag A {tag}")) == {agents["a"].id}
    assert list(client.agents.list(name=f"tag a {tag}")) == []


def test_list_FiltersByQueryTextSubstring(client, fleet):
    tag, _, _, _, _, agents = fleet
    assert ids(client.agents.list(query_text=f"tag a {tag}".upper())) == {agents["a"].id}
    assert ids(client.agents.list(query_text=tag)) == {a.id for a in agents.values()}


def test_list_FiltersByIdentifierKeys_EachAgentOnce(client, fleet):
    _, _, _, owner, other_owner, agents = fleet
    assert ids(client.agents.list(identifier_keys=[owner.identifier_key])) == {agents["ab"].id, agents["a"].id}
    both = list(client.agents.list(identifier_keys=[owner.identifier_key, other_owner.identifier_key]))
    assert sorted(a.id for a in both) == sorted([agents["ab"].id, agents["a"].id, agents["none"].id])
    assert list(client.agents.list(identifier_keys=[unique("nobody")])) == []


def test_list_FiltersByIdentityId(client, fleet):
    _, _, _, _, other_owner, agents = fleet
    assert ids(client.agents.list(identity_id=other_owner.id)) == {agents["a"].id, agents["none"].id}
    assert list(client.agents.list(identity_id=MISSING_IDENTITY)) == []


def test_list_FiltersByProjectId(client, fleet):
    tag, _, _, _, _, agents = fleet
    assert ids(client.agents.list(project_id=f"proj-{tag}")) == {agents["b"].id}


def test_list_OrdersAndPaginates(client, fleet):
    tag, _, _, _, _, agents = fleet
    created = [agents[k].id for k in ("ab", "a", "b", "none")]
    desc = client.agents.list(query_text=tag, limit=2)
    assert [a.id for a in desc.items] == created[::-1][:2]
    assert [a.id for a in desc] == created[::-1]
    asc = client.agents.list(query_text=tag, limit=2, order="asc")
    assert [a.id for a in asc.items] == created[:2]
    assert [a.id for a in asc] == created
    after = client.agents.list(query_text=tag, after=created[1], order="asc", limit=10)
    assert [a.id for a in after.items] == created[2:]
    before = client.agents.list(query_text=tag, before=created[2], order="asc", limit=10)
    assert [a.id for a in before.items] == created[:2]


def test_list_ReturnsRelationshipsFilled(client, fleet):
    _, a, b, owner, other_owner, agents = fleet
    [listed] = [x for x in client.agents.list(identifier_keys=[owner.identifier_key]) if x.id == agents["a"].id]
    assert sorted(listed.identity_ids) == sorted([owner.id, other_owner.id])
    assert sorted(i.id for i in listed.identities) == sorted([owner.id, other_owner.id])
    assert listed.tags == [a]


# -- retrieve / update / delete ---------------------------------------------------------------

def test_retrieve_ReturnsSameAgentAsCreate(client, make_agent, make_identity):
    identity = make_identity()
    created = make_agent(tags=["r1"], identity_ids=[identity.id], memory_blocks=[{"label": "human", "value": "h"}])
    retrieved = client.agents.retrieve(created.id)
    assert retrieved.id == created.id and retrieved.name == created.name
    assert retrieved.tags == ["r1"]
    assert retrieved.identity_ids == [identity.id]
    assert [b.id for b in retrieved.blocks] == [b.id for b in created.blocks]
    assert retrieved.llm_config.to_dict() == created.llm_config.to_dict()
    assert retrieved.system == created.system


def test_retrieve_RaisesNotFound_AndUnprocessable(client):
    with pytest.raises(NotFoundError):
        client.agents.retrieve(MISSING_AGENT)
    with pytest.raises(UnprocessableEntityError) as error:
        client.agents.retrieve("agent-123")
    assert error.value.body["detail"][0]["loc"] == ["path", "agent_id"]


def test_update_ChangesScalarsAndReplacesTagsAndMetadata(client, make_agent):
    agent = make_agent(tags=["old1", "old2"], metadata={"a": 1, "b": 2})
    updated = client.agents.update(agent.id, name="Renamed", description="desc", tags=["new"], metadata={"c": 3},
                                   system="You are terse.")
    assert (updated.name, updated.description, updated.system) == ("Renamed", "desc", "You are terse.")
    assert updated.tags == ["new"]
    assert updated.metadata == {"c": 3}
    assert updated.updated_at >= agent.updated_at
    assert client.agents.retrieve(agent.id).tags == ["new"]
    cleared = client.agents.update(agent.id, tags=[])
    assert cleared.tags == []


def test_update_ReplacesIdentityIds(client, make_agent, make_identity):
    first, second = make_identity(), make_identity()
    agent = make_agent(identity_ids=[first.id])
    updated = client.agents.update(agent.id, identity_ids=[second.id])
    assert updated.identity_ids == [second.id]
    assert client.identities.retrieve(first.id).agent_ids == []
    assert client.identities.retrieve(second.id).agent_ids == [agent.id]
    assert client.agents.update(agent.id, identity_ids=[]).identity_ids == []


def test_update_ModelRederivesLlmConfig(client, make_agent):
    agent = make_agent()
    updated = client.agents.update(agent.id, model="openai/gpt-4o-mini", context_window_limit=64000)
    assert updated.model == "openai/gpt-4o-mini"
    assert updated.llm_config.model == "gpt-4o-mini"
    assert updated.llm_config.api_model_endpoint_type == "openai"
    assert updated.llm_config.context_window == 64000


def test_update_RaisesNotFound_ForUnknownAgentOrIds(client, make_agent):
    with pytest.raises(NotFoundError):
        client.agents.update(MISSING_AGENT, name="x")
    agent = make_agent()
    with pytest.raises(NotFoundError):
        client.agents.update(agent.id, identity_ids=[MISSING_IDENTITY])
    with pytest.raises(NotFoundError):
        client.agents.update(agent.id, block_ids=["block-00000000-0000-4000-8000-000000000000"])
    assert client.agents.retrieve(agent.id).identity_ids == []


def test_delete_RemovesAgentKeepingBlocksAndIdentities(client, make_agent, make_identity):
    identity = make_identity()
    agent = make_agent(identity_ids=[identity.id], memory_blocks=[{"label": "human", "value": "kept"}])
    result = client.agents.delete(agent.id)
    assert result == {"message": f"Agent id={agent.id} successfully deleted"}
    with pytest.raises(NotFoundError):
        client.agents.retrieve(agent.id)
    with pytest.raises(NotFoundError):
        client.agents.delete(agent.id)
    assert client.blocks.retrieve(agent.blocks[0].id).value == "kept"
    assert client.identities.retrieve(identity.id).agent_ids == []


def test_tools_ListIsEmpty(client, make_agent):
    agent = make_agent()
    assert list(client.agents.tools.list(agent.id)) == []
    with pytest.raises(NotFoundError):
        client.agents.tools.list(MISSING_AGENT)


# -- identity attach / detach ------------------------------------------------------------------

def test_identityAttachDetach_LinksAndUnlinks(client, make_agent, make_identity):
    agent, identity = make_agent(), make_identity()
    assert client.agents.identities.attach(identity.id, agent_id=agent.id) is None
    assert client.agents.identities.attach(identity.id, agent_id=agent.id) is None  # idempotent
    assert client.agents.retrieve(agent.id).identity_ids == [identity.id]
    assert client.identities.retrieve(identity.id).agent_ids == [agent.id]
    assert [a.id for a in client.agents.list(identifier_keys=[identity.identifier_key])] == [agent.id]
    assert client.agents.identities.detach(identity.id, agent_id=agent.id) is None
    assert client.agents.identities.detach(identity.id, agent_id=agent.id) is None  # not linked: no-op
    assert client.agents.retrieve(agent.id).identity_ids == []
    assert list(client.agents.list(identifier_keys=[identity.identifier_key])) == []


def test_identityAttach_RaisesNotFound_ForUnknownIdentityOrAgent(client, make_agent, make_identity):
    agent, identity = make_agent(), make_identity()
    with pytest.raises(NotFoundError):
        client.agents.identities.attach(MISSING_IDENTITY, agent_id=agent.id)
    with pytest.raises(NotFoundError):
        client.agents.identities.attach(identity.id, agent_id=MISSING_AGENT)


def test_emptyMemoryShape_IsStable(client):
    agent = client.agents.create(model=SEED_MODEL, memory_blocks=[])
    assert agent.memory.to_dict() == EMPTY_MEMORY
