"""Two identity-server processes on one PostgreSQL database behave like one server.

Requests alternate between the two: an object created on one is read, listed, counted,
updated and deleted on the other, and the racing cases (same identifier_key created at
once, upserts of one key, deleting an identity while the other server links it) are
run many times each.
"""

from __future__ import annotations

import threading
import uuid

import httpx

from harness.server import ServerProcess

ROUNDS = 40
MODEL = "openai/gpt-4o-mini"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def at_once(*calls):
    """Runs the calls on their own threads, released together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_bothServersAnswer_AfterMigratingTheEmptyDatabaseAtOnce(two_servers: list[ServerProcess]):
    for server in two_servers:
        assert httpx.get(f"{server.base_url}/v1/health/", timeout=10).status_code == 200
    assert two_servers[0].base_url != two_servers[1].base_url


def test_identity_CreatedOnOne_IsReadListedCountedUpdatedAndDeletedOnTheOther(clients):
    a, b = clients
    key = unique("user")
    created = a.post("/v1/identities/", json={"identifier_key": key, "name": "Caren", "identity_type": "user"})
    assert created.status_code == 200, created.text
    identity = created.json()

    assert b.get(f"/v1/identities/{identity['id']}").json() == identity
    assert [i["id"] for i in b.get("/v1/identities/", params={"identifier_key": key}).json()] == [identity["id"]]
    count_a, count_b = a.get("/v1/identities/count").json(), b.get("/v1/identities/count").json()
    assert count_a == count_b >= 1

    patched = b.patch(f"/v1/identities/{identity['id']}", json={"name": "Sarah",
                                                                "properties": [{"key": "tier", "value": "gold", "type": "string"}]})
    assert patched.status_code == 200, patched.text
    seen = a.get(f"/v1/identities/{identity['id']}").json()
    assert seen["name"] == "Sarah" and seen["properties"] == [{"key": "tier", "value": "gold", "type": "string"}]

    assert a.delete(f"/v1/identities/{identity['id']}").status_code == 200
    assert b.get(f"/v1/identities/{identity['id']}").status_code == 404
    assert b.get("/v1/identities/count").json() == count_b - 1


def test_agentAndBlocks_CreatedOnOne_AreServedAndChangedByTheOther(clients):
    a, b = clients
    key = unique("user")
    identity = b.post("/v1/identities/", json={"identifier_key": key, "name": "K", "identity_type": "user"}).json()
    created = a.post("/v1/agents/", json={
        "name": "support", "model": MODEL, "embedding": "openai/text-embedding-3-small", "tags": ["tier-1"],
        "identity_ids": [identity["id"]], "memory_blocks": [{"label": "human", "value": "Caren"},
                                                            {"label": "persona", "value": "helpful"}]})
    assert created.status_code == 200, created.text
    agent = created.json()

    read = b.get(f"/v1/agents/{agent['id']}").json()
    assert read["id"] == agent["id"] and read["identity_ids"] == [identity["id"]]
    assert sorted(block["label"] for block in read["memory"]["blocks"]) == ["human", "persona"]
    assert [x["id"] for x in b.get("/v1/agents/", params={"identifier_keys": key}).json()] == [agent["id"]]
    assert b.get("/v1/agents/count", params={"identifier_keys": key}).json() == 1
    assert b.get(f"/v1/identities/{identity['id']}").json()["agent_ids"] == [agent["id"]]

    human = next(block for block in read["memory"]["blocks"] if block["label"] == "human")
    assert b.patch(f"/v1/blocks/{human['id']}", json={"value": "Caren (VIP)"}).status_code == 200
    assert a.get(f"/v1/blocks/{human['id']}").json()["value"] == "Caren (VIP)"

    assert b.patch(f"/v1/agents/{agent['id']}", json={"tags": ["tier-2"]}).status_code == 200
    assert a.get(f"/v1/agents/{agent['id']}").json()["tags"] == ["tier-2"]
    assert [x["id"] for x in a.get("/v1/agents/", params={"tags": "tier-2"}).json()] == [agent["id"]]

    assert a.delete(f"/v1/agents/{agent['id']}").status_code == 200
    assert b.get(f"/v1/agents/{agent['id']}").status_code == 404
    assert b.get(f"/v1/identities/{identity['id']}").json()["agent_ids"] == []
    assert a.get(f"/v1/blocks/{human['id']}").status_code == 200


def test_createSameKeyOnBothAtOnce_GivesOne200AndOne409_EveryTime(clients):
    a, b = clients
    for _ in range(ROUNDS):
        key = unique("race")
        body = {"identifier_key": key, "name": "Racer", "identity_type": "user"}
        first, second = at_once(lambda: a.post("/v1/identities/", json=body), lambda: b.post("/v1/identities/", json=body))
        assert sorted([first.status_code, second.status_code]) == [200, 409], (first.text, second.text)
        loser = first if first.status_code == 409 else second
        assert key in loser.json()["detail"]
        assert len(a.get("/v1/identities/", params={"identifier_key": key}).json()) == 1


def test_upsertSameKeyOnBothAtOnce_KeepsOneRow_EveryTime(clients):
    a, b = clients
    for _ in range(ROUNDS):
        key = unique("upsert")
        body = {"identifier_key": key, "name": "Upserted", "identity_type": "org"}
        first, second = at_once(lambda: a.put("/v1/identities/", json=body), lambda: b.put("/v1/identities/", json=body))
        assert first.status_code == 200 and second.status_code == 200, (first.text, second.text)
        assert first.json()["id"] == second.json()["id"]
        listed = b.get("/v1/identities/", params={"identifier_key": key}).json()
        assert [i["id"] for i in listed] == [first.json()["id"]]


def test_deleteIdentityWhileTheOtherLinksIt_NeverLeavesADanglingLink(clients):
    a, b = clients
    outcomes = set()
    for _ in range(ROUNDS):
        identity = a.post("/v1/identities/", json={"identifier_key": unique("gone"), "name": "G",
                                                   "identity_type": "user"}).json()
        agent = b.post("/v1/agents/", json={"name": "linker", "model": MODEL, "memory_blocks": []}).json()
        deleted, linked = at_once(
            lambda: a.delete(f"/v1/identities/{identity['id']}"),
            lambda: b.patch(f"/v1/agents/{agent['id']}/identities/attach/{identity['id']}"))
        assert deleted.status_code == 200, deleted.text
        assert linked.status_code in (200, 404), linked.text
        outcomes.add(linked.status_code)
        for client in (a, b):
            after = client.get(f"/v1/agents/{agent['id']}").json()
            assert after["identity_ids"] == [] and after["identities"] == []
            assert client.get("/v1/agents/", params={"identity_id": identity["id"]}).json() == []
        assert b.get(f"/v1/identities/{identity['id']}").status_code == 404
        b.delete(f"/v1/agents/{agent['id']}")
    assert outcomes <= {200, 404}
