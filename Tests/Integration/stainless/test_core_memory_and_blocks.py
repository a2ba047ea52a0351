"""Core-memory blocks of an agent and standalone blocks through letta-client 1.7.0
(letta-api.md §4.10-§4.14, §5; DECISIONS #10, #11)."""

from __future__ import annotations

import pytest
from letta_client import BadRequestError, ConflictError, NotFoundError, UnprocessableEntityError
from letta_client.types import BlockResponse

from harness.util import BLOCK_ID, DEFAULT_USER_ID, MISSING_AGENT, MISSING_BLOCK, MISSING_IDENTITY, SEED_MODEL, unique


@pytest.fixture
def agent_with_memory(client):
    return client.agents.create(model=SEED_MODEL, memory_blocks=[
        {"label": "human", "value": "The human's name is Ada."},
        {"label": "persona", "value": "I am a helpful assistant.", "tags": ["p-tag"]},
    ])


# -- core memory ----------------------------------------------------------------------------

def test_coreMemoryList_ReturnsAttachedBlocksWithTags(client, agent_with_memory):
    listed = list(client.agents.blocks.list(agent_with_memory.id))
    assert sorted(b.label for b in listed) == ["human", "persona"]
    by_label = {b.label: b for b in listed}
    assert by_label["human"].value == "The human's name is Ada."
    assert by_label["persona"].tags == ["p-tag"]
    assert {b.id for b in listed} == {b.id for b in agent_with_memory.blocks}


def test_coreMemoryList_IsEmpty_ForAgentWithoutBlocks(client):
    agent = client.agents.create(model=SEED_MODEL, memory_blocks=[])
    assert list(client.agents.blocks.list(agent.id)) == []


def test_coreMemoryList_PaginatesByIdCursor(client, agent_with_memory):
    all_blocks = [b.id for b in client.agents.blocks.list(agent_with_memory.id, order="asc")]
    assert all_blocks == sorted(all_blocks)  # ordered by block id (§4.10)
    first = client.agents.blocks.list(agent_with_memory.id, order="asc", limit=1)
    assert [b.id for b in first.items] == all_blocks[:1]
    assert [b.id for b in first] == all_blocks


def test_coreMemoryRetrieve_ByLabel(client, agent_with_memory):
    block = client.agents.blocks.retrieve("human", agent_id=agent_with_memory.id)
    assert block.label == "human"
    assert block.value == "The human's name is Ada."
    assert block.limit == 100000
    with pytest.raises(NotFoundError) as error:
        client.agents.blocks.retrieve("nolabel", agent_id=agent_with_memory.id)
    assert "nolabel" in error.value.body["detail"]
    with pytest.raises(NotFoundError):
        client.agents.blocks.retrieve("human", agent_id=MISSING_AGENT)


def test_coreMemoryUpdate_ByLabel_IsVisibleEverywhere(client, agent_with_memory):
    updated = client.agents.blocks.update("human", agent_id=agent_with_memory.id,
                                          value="The human's name is Ada Lovelace.", tags=["h1", "h2"])
    assert updated.value == "The human's name is Ada Lovelace."
    assert sorted(updated.tags) == ["h1", "h2"]
    assert client.blocks.retrieve(updated.id).value == "The human's name is Ada Lovelace."
    agent = client.agents.retrieve(agent_with_memory.id)
    assert [b.value for b in agent.blocks if b.label == "human"] == ["The human's name is Ada Lovelace."]
    assert agent.updated_at >= agent_with_memory.updated_at


def test_coreMemoryUpdate_DoesNotEnforceLimit(client, agent_with_memory):
    updated = client.agents.blocks.update("persona", agent_id=agent_with_memory.id, value="x" * 50, limit=10)
    assert (updated.value, updated.limit) == ("x" * 50, 10)


def test_coreMemoryUpdate_RaisesNotFound_ForUnknownLabel(client, agent_with_memory):
    with pytest.raises(NotFoundError):
        client.agents.blocks.update("nolabel", agent_id=agent_with_memory.id, value="x")


def test_coreMemoryUpdate_RaisesConflict_WhenRenamingToUsedLabel(client, agent_with_memory):
    with pytest.raises(ConflictError):
        client.agents.blocks.update("human", agent_id=agent_with_memory.id, label="persona")


def test_coreMemoryAttachDetach_ReturnsAgentState(client, agent_with_memory, make_block):
    extra = make_block(label=unique("extra"), value="attached later")
    attached = client.agents.blocks.attach(extra.id, agent_id=agent_with_memory.id)
    assert attached.id == agent_with_memory.id
    assert [b.id for b in attached.blocks][-1] == extra.id  # attachment order
    assert extra.id in [b.id for b in attached.memory.blocks]
    again = client.agents.blocks.attach(extra.id, agent_id=agent_with_memory.id)
    assert [b.id for b in again.blocks].count(extra.id) == 1
    assert [a.id for a in client.blocks.agents.list(extra.id)] == [agent_with_memory.id]

    detached = client.agents.blocks.detach(extra.id, agent_id=agent_with_memory.id)
    assert extra.id not in [b.id for b in detached.blocks]
    assert client.blocks.retrieve(extra.id).value == "attached later"  # the block survives
    with pytest.raises(NotFoundError):
        client.agents.blocks.detach(extra.id, agent_id=agent_with_memory.id)


def test_coreMemoryAttach_RaisesConflict_ForDuplicateLabel(client, agent_with_memory, make_block):
    other_human = make_block(label="human", value="another human")
    with pytest.raises(ConflictError):
        client.agents.blocks.attach(other_human.id, agent_id=agent_with_memory.id)
    assert other_human.id not in [b.id for b in client.agents.retrieve(agent_with_memory.id).blocks]


def test_coreMemoryAttach_RaisesNotFound_ForUnknownBlockOrAgent(client, agent_with_memory, make_block):
    with pytest.raises(NotFoundError):
        client.agents.blocks.attach(MISSING_BLOCK, agent_id=agent_with_memory.id)
    with pytest.raises(NotFoundError):
        client.agents.blocks.attach(make_block().id, agent_id=MISSING_AGENT)


# -- blocks -------------------------------------------------------------------------------------

def test_blockCreate_ReturnsFullBlock(client):
    label = unique("label")
    block = client.blocks.create(label=label, value="standalone", limit=1000, description="d",
                                 metadata={"k": "v"}, tags=["bt1", "bt2"])
    assert BLOCK_ID.match(block.id)
    assert (block.label, block.value, block.limit, block.description) == (label, "standalone", 1000, "d")
    assert block.metadata == {"k": "v"}
    assert sorted(block.tags) == ["bt1", "bt2"]
    assert block.is_template is False and block.read_only is False
    assert block.created_by_id == DEFAULT_USER_ID and block.last_updated_by_id == DEFAULT_USER_ID
    retrieved = client.blocks.retrieve(block.id).to_dict()
    created = block.to_dict()
    assert sorted(retrieved.pop("tags")) == sorted(created.pop("tags"))
    assert retrieved == created


def test_blockCreate_Defaults(client):
    block = client.blocks.create(label=unique("defaults"), value="")
    assert (block.value, block.limit, block.metadata, block.tags) == ("", 100000, {}, [])
    assert block.project_id is None and block.description is None


def test_blockCreate_HumanDescriptionAgreesBetweenCreateAndRead(client):
    block = client.blocks.create(label="human", value="h")
    assert client.blocks.retrieve(block.id).description == block.description


def test_blockCreate_RaisesUnprocessable_ForMissingLabel(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.post("/v1/blocks/", body={"value": "x"}, cast_to=object)
    assert any(e["loc"] == ["body", "label"] and e["type"] == "missing" for e in error.value.body["detail"])


def test_blockList_FiltersByLabelTagsAndSearch(client):
    label = unique("lst")
    tag = unique("btag")
    a = client.blocks.create(label=label, value="alpha value", description="First one", tags=[tag])
    b = client.blocks.create(label=label, value="beta value", tags=[tag, "other"])
    c = client.blocks.create(label=f"{label}-x", value="gamma")
    assert [x.id for x in client.blocks.list(label=label)] == [a.id, b.id]  # default order asc
    assert [x.id for x in client.blocks.list(label=label, order="desc")] == [b.id, a.id]
    assert {x.id for x in client.blocks.list(tags=[tag])} == {a.id, b.id}
    assert [x.id for x in client.blocks.list(tags=[tag, "other"], match_all_tags=True)] == [b.id]
    assert [x.id for x in client.blocks.list(value_search="BETA")] == [b.id]
    assert [x.id for x in client.blocks.list(description_search="first one")] == [a.id]
    assert {x.id for x in client.blocks.list(label_search=label.upper())} == {a.id, b.id, c.id}


def test_blockList_Paginates(client):
    label = unique("page")
    created = [client.blocks.create(label=label, value=str(i)).id for i in range(5)]
    first = client.blocks.list(label=label, limit=2)
    assert [x.id for x in first.items] == created[:2]
    assert [x.id for x in first] == created
    desc = client.blocks.list(label=label, limit=2, order="desc")
    assert [x.id for x in desc] == created[::-1]


def test_blockList_FiltersByIdentity(client, make_identity):
    block = client.blocks.create(label=unique("idb"), value="v")
    identity = make_identity(block_ids=[block.id])
    assert [x.id for x in client.blocks.list(identity_id=identity.id)] == [block.id]
    assert [x.id for x in client.blocks.list(identifier_keys=[identity.identifier_key])] == [block.id]


def test_blockUpdate_AppliesPresentFields(client):
    block = client.blocks.create(label=unique("upd"), value="v1", description="keep", tags=["a"])
    updated = client.blocks.update(block.id, value="v2", tags=["b", "c"])
    assert (updated.value, updated.description) == ("v2", "keep")
    assert sorted(updated.tags) == ["b", "c"]
    assert client.blocks.retrieve(block.id).value == "v2"


def test_blockUpdate_RaisesNotFound(client):
    with pytest.raises(NotFoundError):
        client.blocks.update(MISSING_BLOCK, value="x")


def test_blockDelete_RemovesBlockFromAgents(client, make_agent):
    agent = make_agent(memory_blocks=[{"label": "human", "value": "doomed"}])
    block_id = agent.blocks[0].id
    assert client.blocks.delete(block_id) is None
    with pytest.raises(NotFoundError):
        client.blocks.retrieve(block_id)
    assert client.agents.retrieve(agent.id).blocks == []
    with pytest.raises(NotFoundError):
        client.blocks.delete(block_id)


def test_blockAgents_ListsAgentsUsingBlock(client, make_block):
    block = make_block(label=unique("shared"))
    first = client.agents.create(model=SEED_MODEL, block_ids=[block.id])
    second = client.agents.create(model=SEED_MODEL, block_ids=[block.id])
    assert [a.id for a in client.blocks.agents.list(block.id)] == [second.id, first.id]
    assert [a.id for a in client.blocks.agents.list(block.id, order="asc", limit=1)] == [first.id, second.id]


def test_blockIdentityAttachDetach(client, make_block, make_identity):
    # 1.7.0 has no method for these routes; the SDK's generic request helper reaches them.
    block, identity = make_block(label=unique("bi")), make_identity()
    attached = client.patch(f"/v1/blocks/{block.id}/identities/attach/{identity.id}", cast_to=BlockResponse)
    assert attached.id == block.id and attached.value == block.value
    assert [b.id for b in client.identities.blocks.list(identity.id)] == [block.id]
    assert client.identities.retrieve(identity.id).block_ids == [block.id]
    again = client.patch(f"/v1/blocks/{block.id}/identities/attach/{identity.id}", cast_to=BlockResponse)
    assert again.id == block.id
    assert client.identities.retrieve(identity.id).block_ids == [block.id]
    detached = client.patch(f"/v1/blocks/{block.id}/identities/detach/{identity.id}", cast_to=BlockResponse)
    assert detached.id == block.id
    assert list(client.identities.blocks.list(identity.id)) == []
    with pytest.raises(NotFoundError):
        client.patch(f"/v1/blocks/{block.id}/identities/attach/{MISSING_IDENTITY}", cast_to=BlockResponse)
    with pytest.raises(BadRequestError):
        client.patch(f"/v1/blocks/{block.id}/identities/attach/user_1", cast_to=BlockResponse)
