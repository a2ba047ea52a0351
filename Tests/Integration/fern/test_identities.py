"""Identities CRUD and count through the Fern-generated letta-client 0.1.x."""

from __future__ import annotations

import pytest
from letta_client import CreateBlock, IdentityProperty, UnprocessableEntityError
from letta_client.core.api_error import ApiError

from harness.util import IDENTITY_ID, MISSING_IDENTITY, SEED_MODEL, unique


def prop(key, value, type_):
    return IdentityProperty(key=key, value=value, type=type_)


def props(identity) -> list[tuple]:
    return [(p.key, p.value, p.type) for p in identity.properties]


def test_create_RetrieveList_RoundTrip(client):
    key = unique("fern")
    created = client.identities.create(identifier_key=key, name="Fern", identity_type="org",
                                       project_id="project-fern", properties=[prop("email", "f@x.com", "string"),
                                                                              prop("age", 36, "number")])
    assert IDENTITY_ID.match(created.id)
    assert (created.identifier_key, created.name, created.identity_type, created.project_id) == (
        key, "Fern", "org", "project-fern")
    assert props(created) == [("email", "f@x.com", "string"), ("age", 36, "number")]
    retrieved = client.identities.retrieve(created.id)
    assert retrieved == created
    assert [i.id for i in client.identities.list(identifier_key=key)] == [created.id]
    assert [i.id for i in client.identities.list(project_id="project-fern", identity_type="org")] == [created.id]
    assert [i.id for i in client.identities.list(name=key.upper(), limit=5)] == []
    assert [i.id for i in client.identities.list(name="fern", project_id="project-fern")] == [created.id]


def test_count_TracksCreateAndDelete(client):
    before = client.identities.count()
    assert isinstance(before, int)
    identity = client.identities.create(identifier_key=unique("count"), name="C", identity_type="user")
    assert client.identities.count() == before + 1
    assert client.identities.delete(identity.id) is None
    assert client.identities.count() == before


def test_list_PaginatesWithCursors(client):
    project = unique("fproj")
    created = [client.identities.create(identifier_key=unique("p"), name=f"P{i}", identity_type="user",
                                        project_id=project).id for i in range(4)]
    first = client.identities.list(project_id=project, limit=2, order="asc")
    assert [i.id for i in first] == created[:2]
    second = client.identities.list(project_id=project, limit=2, order="asc", after=first[-1].id)
    assert [i.id for i in second] == created[2:]
    desc = client.identities.list(project_id=project, limit=3)
    assert [i.id for i in desc] == created[::-1][:3]


def test_modify_MergesPropertiesAndRenames(client):
    identity = client.identities.create(identifier_key=unique("mod"), name="Before", identity_type="user",
                                        properties=[prop("a", "1", "string"), prop("b", True, "boolean")])
    modified = client.identities.modify(identity.id, name="After",
                                        properties=[prop("b", False, "boolean"), prop("c", {"x": 1}, "json")])
    assert modified.name == "After"
    assert props(modified) == [("a", "1", "string"), ("b", False, "boolean"), ("c", {"x": 1}, "json")]


def test_upsert_CreatesThenUpdates(client):
    key = unique("fups")
    created = client.identities.upsert(identifier_key=key, name="New", identity_type="user")
    assert created.identifier_key == key and IDENTITY_ID.match(created.id)
    updated = client.identities.upsert(identifier_key=key, name="Updated", identity_type="other",
                                       properties=[prop("k", "v", "string")])
    assert updated.id == created.id
    assert (updated.name, updated.identity_type) == ("Updated", "other")
    assert props(updated) == [("k", "v", "string")]


def test_propertiesUpsert_Replaces(client):
    identity = client.identities.create(identifier_key=unique("fprops"), name="P", identity_type="user",
                                        properties=[prop("a", "1", "string")])
    result = client.identities.properties.upsert(identity.id, request=[prop("n", 2.5, "number")])
    assert result["properties"] == [{"key": "n", "value": 2.5, "type": "number"}]
    assert props(client.identities.retrieve(identity.id)) == [("n", 2.5, "number")]


def test_agentsAndBlocksOfIdentity(client):
    agent = client.agents.create(model=SEED_MODEL, memory_blocks=[CreateBlock(label="human", value="h")])
    identity = client.identities.create(identifier_key=unique("fsub"), name="S", identity_type="user",
                                        agent_ids=[agent.id], block_ids=[agent.memory.blocks[0].id])
    assert [a.id for a in client.identities.agents.list(identity.id)] == [agent.id]
    assert [b.id for b in client.identities.blocks.list(identity.id)] == [agent.memory.blocks[0].id]


def test_errors_SurfaceWithStatusCodes(client):
    with pytest.raises(ApiError) as not_found:
        client.identities.retrieve(MISSING_IDENTITY)
    assert not_found.value.status_code == 404
    existing = client.identities.create(identifier_key=unique("dup"), name="D", identity_type="user")
    with pytest.raises(ApiError) as conflict:
        client.identities.create(identifier_key=existing.identifier_key, name="D2", identity_type="user")
    assert conflict.value.status_code == 409
    with pytest.raises(UnprocessableEntityError) as invalid:
        client.identities.retrieve("not-an-id")
    assert invalid.value.status_code == 422
    assert invalid.value.body.detail[0].loc == ["path", "identity_id"]
    with pytest.raises(UnprocessableEntityError):
        client.identities.create(identifier_key=unique("mm"), name="x", identity_type="user",
                                 properties=[prop("age", "old", "number")])


def test_delete_ThenRetrieveIs404(client):
    identity = client.identities.create(identifier_key=unique("fdel"), name="D", identity_type="user")
    assert client.identities.delete(identity.id) is None
    with pytest.raises(ApiError) as error:
        client.identities.delete(identity.id)
    assert error.value.status_code == 404
