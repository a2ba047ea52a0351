"""Tags and health through letta-client 1.7.0 (letta-api.md §6)."""

from __future__ import annotations

from letta_client import BadRequestError
import pytest

from harness.util import SEED_MODEL


def test_health_ReturnsOk(client):
    health = client.health()
    assert health.status == "ok"
    assert isinstance(health.version, str) and health.version


def test_tags_ListsDistinctTagsOfAgentsAndBlocksSorted(fresh_client):
    client = fresh_client
    assert client.tags.list() == []
    client.agents.create(model=SEED_MODEL, tags=["beta", "alpha"])
    agent = client.agents.create(model=SEED_MODEL, tags=["alpha", "Gamma"])
    client.blocks.create(label="b", value="v", tags=["delta", "beta"])
    assert client.tags.list() == ["Gamma", "alpha", "beta", "delta"]  # code-point order
    assert client.tags.list(order="desc") == ["delta", "beta", "alpha", "Gamma"]
    client.agents.delete(agent.id)
    assert client.tags.list() == ["alpha", "beta", "delta"]


def test_tags_FiltersAndPaginates(fresh_client):
    client = fresh_client
    client.agents.create(model=SEED_MODEL, tags=["user-a", "user-b", "user-c", "team-x"])
    assert client.tags.list(name="USER") == ["user-a", "user-b", "user-c"]
    assert client.tags.list(query_text="team") == ["team-x"]
    assert client.tags.list(limit=2) == ["team-x", "user-a"]
    assert client.tags.list(after="user-a", limit=2) == ["user-b", "user-c"]
    assert client.tags.list(before="user-b") == ["team-x", "user-a"]
    assert client.tags.list(order="desc", after="user-b") == ["user-a", "team-x"]
    assert client.tags.list(limit=0) == ["team-x", "user-a", "user-b", "user-c"]


def test_userIdHeader_Malformed_RaisesBadRequest(client):
    with pytest.raises(BadRequestError) as error:
        client.tags.list(extra_headers={"user_id": "not-a-user"})
    assert error.value.status_code == 400
