"""The agent rendering cache across two instances on one PostgreSQL database.

Server A caches an agent's renderings (by id and in every list showing it; `/metrics` proves the
second read is served from the cache), server B writes, and A's next read must show the write: the
revision A reads with each page comes from the database, so B's write makes A's copy a miss.
"""

from __future__ import annotations

import uuid

import httpx

MODEL = "openai/gpt-4o-mini"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def cache_hits(client: httpx.Client) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("identity_server_agent_cache_hits_total "):
            return float(line.split()[1])
    raise AssertionError("identity_server_agent_cache_hits_total missing from /metrics")


class Scene:
    def __init__(self, a: httpx.Client, b: httpx.Client):
        self.a, self.b = a, b
        self.key, self.tag = unique("cache-user"), unique("cache-tag")
        self.identity = b.post("/v1/identities/", json={
            "identifier_key": self.key, "name": "Caren", "identity_type": "user"}).json()["id"]
        created = b.post("/v1/agents/", json={
            "name": "cached", "model": MODEL, "tags": [self.tag], "identity_ids": [self.identity],
            "memory_blocks": [{"label": "human", "value": "Caren"}]})
        assert created.status_code == 200, created.text
        self.agent = created.json()["id"]
        self.block = created.json()["memory"]["blocks"][0]["id"]

    def read(self, client: httpx.Client) -> dict:
        """The agent by id; every list showing it must hold the same object."""
        state = client.get(f"/v1/agents/{self.agent}").json()
        for path, params in [("/v1/agents/", {"identifier_keys": self.key}), ("/v1/agents/", {"tags": self.tag}),
                             (f"/v1/identities/{self.identity}/agents", {}), (f"/v1/blocks/{self.block}/agents", {})]:
            listed = [agent for agent in client.get(path, params=params).json() if agent["id"] == self.agent]
            assert listed == [state], (path, params)
        return state

    def warm(self) -> None:
        """Reads on A twice; the second time every read must be a cache hit."""
        self.read(self.a)
        before = cache_hits(self.a)
        self.read(self.a)
        assert cache_hits(self.a) >= before + 5


def test_writesThroughB_AreSeenByTheNextReadOnA(clients):
    a, b = clients
    scene = Scene(a, b)
    other_identity = b.post("/v1/identities/", json={
        "identifier_key": unique("cache-other"), "name": "Bob", "identity_type": "user"}).json()["id"]
    notes = b.post("/v1/blocks/", json={"label": "notes", "value": "n"}).json()["id"]
    steps = [
        ("agent patch", lambda: b.patch(f"/v1/agents/{scene.agent}", json={"description": "from B"}),
         lambda state: state["description"] == "from B"),
        ("block value", lambda: b.patch(f"/v1/blocks/{scene.block}", json={"value": "written by B"}),
         lambda state: state["memory"]["blocks"][0]["value"] == "written by B"),
        ("core memory", lambda: b.patch(f"/v1/agents/{scene.agent}/core-memory/blocks/human", json={"value": "core by B"}),
         lambda state: state["blocks"][0]["value"] == "core by B"),
        ("block tags", lambda: b.patch(f"/v1/blocks/{scene.block}", json={"tags": ["from-b"]}),
         lambda state: state["blocks"][0]["tags"] == ["from-b"]),
        ("identity field", lambda: b.patch(f"/v1/identities/{scene.identity}", json={"name": "Renamed by B"}),
         lambda state: state["identities"][0]["name"] == "Renamed by B"),
        ("identity link", lambda: b.patch(f"/v1/agents/{scene.agent}/identities/attach/{other_identity}"),
         lambda state: state["identity_ids"] == [scene.identity, other_identity]),
        ("identity link from the identity", lambda: b.put("/v1/identities/", json={
            "identifier_key": scene.key, "name": "Renamed by B", "identity_type": "org", "agent_ids": [scene.agent]}),
         lambda state: state["identities"][0]["identity_type"] == "org"),
        ("block link", lambda: b.patch(f"/v1/agents/{scene.agent}/core-memory/blocks/attach/{notes}"),
         lambda state: [block["id"] for block in state["blocks"]] == [scene.block, notes]),
        ("tags", lambda: b.patch(f"/v1/agents/{scene.agent}", json={"tags": [scene.tag, "extra"]}),
         lambda state: state["tags"] == [scene.tag, "extra"]),
        ("linked block deleted", lambda: b.delete(f"/v1/blocks/{notes}"),
         lambda state: [block["id"] for block in state["blocks"]] == [scene.block]),
    ]
    for name, write, check in steps:
        scene.warm()
        response = write()
        assert response.status_code == 200, (name, response.text)
        state = scene.read(a)
        assert check(state), (name, state)
        assert state == scene.read(b), name
