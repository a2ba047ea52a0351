"""Every identities call of letta-client 1.7.0 (letta-api.md §3, DECISIONS #1, #2, #14)."""

from __future__ import annotations

import pytest
from letta_client import ConflictError, NotFoundError, UnprocessableEntityError

from harness.util import DEFAULT_ORG_ID, IDENTITY_ID, MISSING_IDENTITY, unique


def props(identity) -> list[dict]:
    return [{"key": p.key, "value": p.value, "type": p.type} for p in identity.properties]


# -- create / retrieve ------------------------------------------------------------------

@pytest.mark.parametrize("identity_type", ["user", "org", "other"])
def test_create_ReturnsIdentity_ForEachType(client, identity_type):
    key = unique("create")
    identity = client.identities.create(identifier_key=key, name="Ada", identity_type=identity_type)
    assert IDENTITY_ID.match(identity.id)
    assert identity.identifier_key == key
    assert identity.name == "Ada"
    assert identity.identity_type == identity_type
    assert identity.project_id is None
    assert identity.agent_ids == [] and identity.block_ids == [] and identity.properties == []
    assert identity.organization_id == DEFAULT_ORG_ID


def test_create_StoresPropertiesAndProject(client):
    properties = [
        {"key": "email", "value": "ada@example.com", "type": "string"},
        {"key": "age", "value": 36, "type": "number"},
        {"key": "score", "value": 3.75, "type": "number"},
        {"key": "vip", "value": True, "type": "boolean"},
        {"key": "prefs", "value": {"theme": "dark", "langs": ["en", "fr"]}, "type": "json"},
    ]
    identity = client.identities.create(identifier_key=unique("props"), name="Ada", identity_type="user",
                                        project_id="project-alpha", properties=properties)
    assert identity.project_id == "project-alpha"
    assert props(identity) == properties
    retrieved = client.identities.retrieve(identity.id)
    assert props(retrieved) == properties
    # 1.7.0 types the value as Union[str, float, bool, dict]: the SDK turns 36 into 36.0
    # (raw/test_wire_format.py checks that the server keeps the integer).
    assert retrieved.properties[1].value == 36 and retrieved.properties[2].value == 3.75


def test_create_LinksAgentsAndBlocks(client, make_agent, make_block):
    agent, block = make_agent(), make_block()
    identity = client.identities.create(identifier_key=unique("linked"), name="L", identity_type="user",
                                        agent_ids=[agent.id], block_ids=[block.id])
    assert identity.agent_ids == [agent.id]
    assert identity.block_ids == [block.id]
    assert [a.id for a in client.identities.agents.list(identity.id)] == [agent.id]
    assert [b.id for b in client.identities.blocks.list(identity.id)] == [block.id]
    assert client.agents.retrieve(agent.id).identity_ids == [identity.id]


def test_retrieve_ReturnsStoredIdentity(client, make_identity):
    created = make_identity(name="Retrieved")
    retrieved = client.identities.retrieve(created.id)
    assert retrieved.to_dict() == created.to_dict()


def test_retrieve_RaisesNotFound_ForUnknownId(client):
    with pytest.raises(NotFoundError) as error:
        client.identities.retrieve(MISSING_IDENTITY)
    assert error.value.status_code == 404
    assert MISSING_IDENTITY in error.value.body["detail"]


def test_retrieve_RaisesUnprocessable_ForMalformedId(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.identities.retrieve("not-an-id")
    detail = error.value.body["detail"]
    assert detail[0]["loc"] == ["path", "identity_id"]
    assert detail[0]["input"] == "not-an-id"


def test_create_RaisesConflict_ForDuplicateIdentifierKey(client, make_identity):
    existing = make_identity()
    with pytest.raises(ConflictError) as error:
        client.identities.create(identifier_key=existing.identifier_key, name="Dup", identity_type="org")
    assert error.value.status_code == 409


def test_create_RaisesUnprocessable_ForPropertyTypeMismatch(client):
    key = unique("mismatch")
    with pytest.raises(UnprocessableEntityError) as error:
        client.identities.create(identifier_key=key, name="x", identity_type="user",
                                 properties=[{"key": "age", "value": "old", "type": "number"}])
    assert "age" in str(error.value.body["detail"])
    assert list(client.identities.list(identifier_key=key)) == []


def test_create_RaisesUnprocessable_ForInvalidIdentityType(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.identities.create(identifier_key=unique("x"), name="x", identity_type="robot")  # type: ignore[arg-type]
    assert any(e["loc"] == ["body", "identity_type"] for e in error.value.body["detail"])


def test_create_RaisesUnprocessable_ForNullRequiredFields(client):
    with pytest.raises(UnprocessableEntityError) as error:
        client.identities.create(identifier_key=unique("x"), name="x", identity_type="user",
                                 extra_body={"identity_type": None, "name": None})
    locs = [e["loc"] for e in error.value.body["detail"]]
    assert ["body", "name"] in locs and ["body", "identity_type"] in locs


def test_create_RaisesUnprocessable_ForMissingField(client):
    key = unique("missing")
    with pytest.raises(UnprocessableEntityError) as error:
        client.post("/v1/identities/", body={"identifier_key": key, "identity_type": "user"}, cast_to=object)
    assert [e["loc"] for e in error.value.body["detail"]] == [["body", "name"]]
    assert error.value.body["detail"][0]["type"] == "missing"
    assert list(client.identities.list(identifier_key=key)) == []


# -- list ---------------------------------------------------------------------------------

@pytest.fixture
def population(client):
    """Five identities in a project of their own, created oldest to newest."""
    project = unique("proj")
    tag = unique("pop")
    created = [
        client.identities.create(identifier_key=f"{tag}-{i}", name=f"Pager {i} {tag}", project_id=project,
                                 identity_type="org" if i == 3 else "other")
        for i in range(5)
    ]
    return project, tag, created


def test_list_FiltersByProjectId(client, population):
    project, _, created = population
    listed = client.identities.list(project_id=project)
    assert [i.id for i in listed] == [i.id for i in reversed(created)]  # default order desc


def test_list_FiltersByIdentifierKeyExactly(client, population):
    _, tag, created = population
    assert [i.id for i in client.identities.list(identifier_key=f"{tag}-2")] == [created[2].id]
    assert list(client.identities.list(identifier_key=f"{tag}-2".upper())) == []
    assert list(client.identities.list(identifier_key=tag)) == []


def test_list_FiltersByNameCaseInsensitiveSubstring(client, population):
    _, tag, created = population
    assert [i.id for i in client.identities.list(name=f"pAgEr 3 {tag}")] == [created[3].id]
    assert {i.id for i in client.identities.list(name=tag)} == {i.id for i in created}


def test_list_FiltersByIdentityType(client, population):
    project, _, created = population
    assert [i.id for i in client.identities.list(project_id=project, identity_type="org")] == [created[3].id]
    assert len(list(client.identities.list(project_id=project, identity_type="other"))) == 4
    assert list(client.identities.list(project_id=project, identity_type="user")) == []


def test_list_CombinesFilters(client, population):
    project, tag, created = population
    listed = client.identities.list(project_id=project, identity_type="other", name=f"pager 1 {tag}")
    assert [i.id for i in listed] == [created[1].id]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_list_AutoPaginatesAcrossPages_WithLimit2(client, population, order):
    project, _, created = population
    expected = [i.id for i in (created if order == "asc" else reversed(created))]
    first_page = client.identities.list(project_id=project, limit=2, order=order)
    assert [i.id for i in first_page.items] == expected[:2]
    assert first_page.has_next_page()
    assert [i.id for i in first_page] == expected  # iterating fetches the following pages
    pages = [[i.id for i in page.items] for page in first_page.iter_pages()]
    assert pages[:3] == [expected[0:2], expected[2:4], expected[4:5]]


def test_list_AfterCursor_ReturnsItemsFollowingCursor(client, population):
    project, _, created = population
    asc = client.identities.list(project_id=project, after=created[1].id, order="asc", limit=10)
    assert [i.id for i in asc.items] == [c.id for c in created[2:]]
    desc = client.identities.list(project_id=project, after=created[3].id, limit=10)
    assert [i.id for i in desc.items] == [c.id for c in reversed(created[:3])]


def test_list_BeforeCursor_ReturnsItemsPrecedingCursor(client, population):
    project, _, created = population
    desc = client.identities.list(project_id=project, before=created[3].id, limit=10)
    assert [i.id for i in desc.items] == [created[4].id]
    asc = client.identities.list(project_id=project, before=created[3].id, order="asc", limit=10)
    assert [i.id for i in asc.items] == [c.id for c in created[:3]]


def test_list_BothCursors_ReturnItemsBetween(client, population):
    project, _, created = population
    between = client.identities.list(project_id=project, after=created[0].id, before=created[4].id, order="asc",
                                     limit=10)
    assert [i.id for i in between.items] == [c.id for c in created[1:4]]


def test_list_RaisesNotFound_ForUnknownCursor(client):
    with pytest.raises(NotFoundError):
        client.identities.list(after=MISSING_IDENTITY)


# -- upsert ---------------------------------------------------------------------------------

def test_upsert_CreatesIdentity_WhenNoneMatches(client):
    key = unique("upsert-new")
    created = client.identities.upsert(identifier_key=key, name="Upserted", identity_type="user",
                                       properties=[{"key": "plan", "value": "pro", "type": "string"}])
    assert IDENTITY_ID.match(created.id)
    assert (created.identifier_key, created.name, created.identity_type) == (key, "Upserted", "user")
    assert props(created) == [{"key": "plan", "value": "pro", "type": "string"}]
    assert [i.id for i in client.identities.list(identifier_key=key)] == [created.id]


def test_upsert_CreatesSeparateIdentity_ForOtherProject(client, make_identity):
    existing = make_identity()
    other = client.identities.upsert(identifier_key=existing.identifier_key, name="Other project",
                                     identity_type="user", project_id="project-beta")
    assert other.id != existing.id and other.project_id == "project-beta"
    assert client.identities.retrieve(existing.id).name == existing.name


def test_upsert_UpdatesExisting_ReplacingProperties(client, make_identity):
    existing = make_identity(properties=[{"key": "a", "value": "1", "type": "string"},
                                         {"key": "b", "value": 2, "type": "number"}])
    updated = client.identities.upsert(identifier_key=existing.identifier_key, name="Renamed", identity_type="org",
                                       properties=[{"key": "c", "value": True, "type": "boolean"}])
    assert updated.id == existing.id
    assert (updated.name, updated.identity_type) == ("Renamed", "org")
    assert props(updated) == [{"key": "c", "value": True, "type": "boolean"}]
    kept = client.identities.upsert(identifier_key=existing.identifier_key, name="Thrice", identity_type="org")
    assert kept.id == existing.id and kept.name == "Thrice"
    assert props(kept) == [{"key": "c", "value": True, "type": "boolean"}]


def test_upsert_ReplacesAgentLinks_AndIgnoresBlockIds(client, make_identity, make_agent, make_block):
    first, second, block = make_agent(), make_agent(), make_block()
    existing = make_identity(agent_ids=[first.id])
    updated = client.identities.upsert(identifier_key=existing.identifier_key, name="x", identity_type="user",
                                       agent_ids=[second.id], block_ids=[block.id])
    assert updated.agent_ids == [second.id]
    assert updated.block_ids == []
    assert [a.id for a in client.identities.agents.list(existing.id)] == [second.id]
    assert list(client.identities.blocks.list(existing.id)) == []
    cleared = client.identities.upsert(identifier_key=existing.identifier_key, name="x", identity_type="user",
                                       agent_ids=[])
    assert cleared.agent_ids == []
    assert client.agents.retrieve(second.id).identity_ids == []


# -- update (PATCH) -----------------------------------------------------------------------------

def test_update_OverwritesScalars(client, make_identity):
    identity = make_identity()
    new_key = unique("renamed")
    updated = client.identities.update(identity.id, name="New name", identity_type="org", identifier_key=new_key)
    assert (updated.id, updated.name, updated.identity_type, updated.identifier_key) == (
        identity.id, "New name", "org", new_key)
    assert client.identities.retrieve(identity.id).identifier_key == new_key


def test_update_MergesPropertiesByKey(client, make_identity):
    identity = make_identity(properties=[{"key": "a", "value": "1", "type": "string"},
                                         {"key": "b", "value": 2, "type": "number"}])
    updated = client.identities.update(identity.id, properties=[{"key": "b", "value": 3, "type": "number"},
                                                                {"key": "c", "value": {"x": 1}, "type": "json"}])
    assert props(updated) == [{"key": "a", "value": "1", "type": "string"},
                              {"key": "b", "value": 3, "type": "number"},
                              {"key": "c", "value": {"x": 1}, "type": "json"}]
    unchanged = client.identities.update(identity.id, properties=[])
    assert props(unchanged) == props(updated)


def test_update_AddsAgentAndBlockLinks(client, make_identity, make_agent, make_block):
    first, second, block = make_agent(), make_agent(), make_block()
    identity = make_identity(agent_ids=[first.id])
    updated = client.identities.update(identity.id, agent_ids=[second.id], block_ids=[block.id])
    assert sorted(updated.agent_ids) == sorted([first.id, second.id])
    assert updated.block_ids == [block.id]
    again = client.identities.update(identity.id, agent_ids=[second.id])
    assert sorted(again.agent_ids) == sorted([first.id, second.id])


def test_update_EmptyBody_ChangesNothing(client, make_identity):
    identity = make_identity(properties=[{"key": "a", "value": "1", "type": "string"}])
    assert client.identities.update(identity.id).to_dict() == identity.to_dict()


def test_update_RaisesConflict_WhenRenamingToTakenKey(client, make_identity):
    taken, identity = make_identity(), make_identity()
    with pytest.raises(ConflictError):
        client.identities.update(identity.id, identifier_key=taken.identifier_key)
    assert client.identities.retrieve(identity.id).identifier_key == identity.identifier_key


def test_update_RaisesNotFound_ForUnknownId(client):
    with pytest.raises(NotFoundError):
        client.identities.update(MISSING_IDENTITY, name="x")


def test_update_RaisesUnprocessable_ForPropertyTypeMismatch(client, make_identity):
    identity = make_identity()
    with pytest.raises(UnprocessableEntityError) as error:
        client.identities.update(identity.id, properties=[{"key": "vip", "value": "yes", "type": "boolean"}])
    assert "vip" in str(error.value.body["detail"])
    assert client.identities.retrieve(identity.id).properties == []


# -- properties upsert --------------------------------------------------------------------------

def test_propertiesUpsert_ReplacesWholeList(client, make_identity):
    identity = make_identity(properties=[{"key": "a", "value": "1", "type": "string"}])
    result = client.identities.properties.upsert(identity.id, body=[
        {"key": "email", "value": "c@x.com", "type": "string"}, {"key": "n", "value": 1.5, "type": "number"}])
    assert result["id"] == identity.id
    assert result["properties"] == [{"key": "email", "value": "c@x.com", "type": "string"},
                                    {"key": "n", "value": 1.5, "type": "number"}]
    assert props(client.identities.retrieve(identity.id)) == result["properties"]
    cleared = client.identities.properties.upsert(identity.id, body=[])
    assert cleared["properties"] == []
    assert client.identities.retrieve(identity.id).name == identity.name


def test_propertiesUpsert_RaisesNotFound_ForUnknownIdentity(client):
    with pytest.raises(NotFoundError):
        client.identities.properties.upsert(MISSING_IDENTITY, body=[])


def test_propertiesUpsert_RaisesUnprocessable_ForTypeMismatch(client, make_identity):
    identity = make_identity()
    with pytest.raises(UnprocessableEntityError):
        client.identities.properties.upsert(identity.id, body=[{"key": "n", "value": "x", "type": "number"}])


# -- delete --------------------------------------------------------------------------------------

def test_delete_RemovesIdentityButKeepsLinkedAgentsAndBlocks(client, make_identity, make_agent, make_block):
    agent, block = make_agent(), make_block()
    identity = make_identity(agent_ids=[agent.id], block_ids=[block.id])
    assert client.identities.delete(identity.id) is None
    with pytest.raises(NotFoundError):
        client.identities.retrieve(identity.id)
    assert client.agents.retrieve(agent.id).identity_ids == []
    assert client.blocks.retrieve(block.id).id == block.id
    with pytest.raises(NotFoundError):
        client.identities.delete(identity.id)


def test_delete_FreesIdentifierKey(client, make_identity):
    identity = make_identity()
    client.identities.delete(identity.id)
    reborn = client.identities.create(identifier_key=identity.identifier_key, name="Reborn", identity_type="user")
    assert reborn.id != identity.id


# -- agents / blocks of an identity ---------------------------------------------------------------

def test_agentsOfIdentity_ListsLinkedAgentsWithPagination(client, make_identity, make_agent):
    agents = [make_agent(name=f"Linked {i}") for i in range(3)]
    identity = make_identity(agent_ids=[a.id for a in agents])
    desc = client.identities.agents.list(identity.id)
    assert [a.id for a in desc] == [a.id for a in reversed(agents)]
    asc = client.identities.agents.list(identity.id, order="asc", limit=2)
    assert [a.id for a in asc.items] == [agents[0].id, agents[1].id]
    assert [a.id for a in asc] == [a.id for a in agents]
    assert all(a.identity_ids == [identity.id] for a in desc)


def test_blocksOfIdentity_ListsLinkedBlocks(client, make_identity, make_block):
    blocks = [make_block(label=f"label_{i}", value=f"v{i}") for i in range(3)]
    identity = make_identity(block_ids=[b.id for b in blocks])
    listed = client.identities.blocks.list(identity.id, order="asc")
    assert [b.id for b in listed] == [b.id for b in blocks]
    assert [b.value for b in listed] == ["v0", "v1", "v2"]
    paged = client.identities.blocks.list(identity.id, order="asc", limit=2)
    assert [b.id for b in paged] == [b.id for b in blocks]


def test_subLists_RaiseNotFound_ForUnknownIdentity(client):
    with pytest.raises(NotFoundError):
        client.identities.agents.list(MISSING_IDENTITY)
    with pytest.raises(NotFoundError):
        client.identities.blocks.list(MISSING_IDENTITY)
