"""Semantics that are easy to get wrong (letta-api.md §1.2, §1.9, §2.2, §3.6, §8; DECISIONS #7, #13)."""

from __future__ import annotations

import pytest

from harness.util import MISSING_AGENT, MISSING_BLOCK, agent_payload, unique


def post(http, path, body) -> dict:
    response = http.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def identity(http, **fields) -> dict:
    return post(http, "/v1/identities/", {"identifier_key": unique("sem"), "name": "Sem", "identity_type": "user",
                                          **fields})


@pytest.mark.parametrize(("content_type", "body"), [("text/plain", b'{"identifier_key":"x","name":"x","identity_type":"user"}'),
                                                     ("application/json", b'[1, 2]')])
def test_nonObjectBody_Answers422ModelAttributesType(api, content_type, body):
    response = api.http().post("/v1/identities/", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 422
    entry = response.json()["detail"][0]
    assert entry["loc"] == ["body"]
    assert entry["type"] == "model_attributes_type"


def test_identityPatch_RejectsProjectId(api):
    http = api.http()
    created = identity(http)
    response = http.patch(f"/v1/identities/{created['id']}", json={"project_id": "p2"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "project_id"]
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


def test_identityList_BeforeOlderThanAfter_Answers400(api):
    http = api.http()
    first, second = identity(http), identity(http)
    response = http.get("/v1/identities/", params={"after": second["id"], "before": first["id"]})
    assert response.status_code == 400
    assert response.json() == {"detail": "'before' reference must be later than 'after' reference"}


def test_identityList_LimitZero_MeansNoLimit(api):
    http = api.http()
    project = unique("lim")
    created = [identity(http, project_id=project)["id"] for _ in range(3)]
    listed = http.get("/v1/identities/", params={"project_id": project, "limit": 0}).json()
    assert [i["id"] for i in listed] == created[::-1]


def test_identityCount_IgnoresFilters(api):
    http = api.http()
    identity(http, identity_type="org")
    total = http.get("/v1/identities/count").json()
    assert http.get("/v1/identities/count", params={"identity_type": "org"}).json() == total


@pytest.mark.parametrize("kind", ["agents", "blocks", "block-agents", "identity-agents", "identity-blocks"])
def test_unknownCursor_Answers404_OnEveryList(api, kind):
    # DECISIONS #7: one rule for an unknown cursor id across all lists (404, clear message);
    # Letta itself ignores unknown cursors on the agents and blocks lists.
    http = api.http()
    owner = identity(http)
    block = post(http, "/v1/blocks/", {"label": unique("cur"), "value": "v"})
    path, cursor = {
        "agents": ("/v1/agents/", MISSING_AGENT),
        "blocks": ("/v1/blocks/", MISSING_BLOCK),
        "block-agents": (f"/v1/blocks/{block['id']}/agents", MISSING_AGENT),
        "identity-agents": (f"/v1/identities/{owner['id']}/agents", MISSING_AGENT),
        "identity-blocks": (f"/v1/identities/{owner['id']}/blocks", MISSING_BLOCK),
    }[kind]
    for param in ("after", "before"):
        response = http.get(path, params={param: cursor})
        assert response.status_code == 404, f"{param}: {response.status_code} {response.text[:200]}"
        assert cursor in response.json()["detail"]


def test_agentRetrieve_FillsRelationships_WhateverTheClient(api):
    http = api.http()
    owner = identity(http)
    agent = post(http, "/v1/agents/", agent_payload(tags=["rel"], identity_ids=[owner["id"]],
                                                    memory_blocks=[{"label": "human", "value": "h"}]))
    stainless_headers = {"X-Stainless-Package-Version": "1.7.0", "User-Agent": "Letta/Python 1.7.0"}
    for headers, params in [({}, {}), (stainless_headers, {}), (stainless_headers, {"include": "agent.tags"})]:
        got = http.get(f"/v1/agents/{agent['id']}", headers=headers, params=params).json()
        assert got["tags"] == ["rel"]
        assert got["identity_ids"] == [owner["id"]]
        assert [b["label"] for b in got["blocks"]] == ["human"]
        assert [b["label"] for b in got["memory"]["blocks"]] == ["human"]


def test_agentCreate_IgnoresUnknownKeys(api):
    agent = post(api.http(), "/v1/agents/", agent_payload(color="red", actor_id="x"))
    assert "color" not in agent


def test_agentCreate_DuplicateTagsCollapse_AndNamesAreNotUnique(api):
    http = api.http()
    name = unique("Twin")
    first = post(http, "/v1/agents/", agent_payload(name=name, tags=["x", "x", "y"]))
    second = post(http, "/v1/agents/", agent_payload(name=name))
    assert sorted(first["tags"]) == ["x", "y"]
    assert first["id"] != second["id"] and first["name"] == second["name"] == name


def test_blockPatch_NullDoesNotClear(api):
    http = api.http()
    block = post(http, "/v1/blocks/", {"label": unique("nul"), "value": "v", "description": "keep"})
    patched = http.patch(f"/v1/blocks/{block['id']}", json={"description": None, "value": "v2"}).json()
    assert patched["description"] == "keep" and patched["value"] == "v2"


def test_blockCreate_MissingValueBecomesEmpty_AndLimitIsNotEnforced(api):
    http = api.http()
    empty = post(http, "/v1/blocks/", {"label": unique("noval")})
    assert empty["value"] == "" and empty["limit"] == 100000
    over = post(http, "/v1/blocks/", {"label": unique("over"), "value": "x" * 20, "limit": 10})
    assert (over["value"], over["limit"]) == ("x" * 20, 10)


def test_blockCount_FiltersByLabel(api):
    http = api.http()
    label = unique("cnt")
    for _ in range(2):
        post(http, "/v1/blocks/", {"label": label, "value": "v"})
    assert http.get("/v1/blocks/count", params={"label": label}).json() == 2


def test_agentCount_FiltersLikeList(api):
    http = api.http()
    tag = unique("ctag")
    post(http, "/v1/agents/", agent_payload(tags=[tag]))
    post(http, "/v1/agents/", agent_payload(tags=[tag, "other"]))
    assert http.get("/v1/agents/count", params={"tags": tag}).json() == 2
    assert http.get("/v1/agents/count", params=[("tags", tag), ("tags", "other"),
                                                 ("match_all_tags", "true")]).json() == 1


def test_coreMemoryLabelWithEncodedSlash_IsNotAddressable(api):
    http = api.http()
    agent = post(http, "/v1/agents/", agent_payload(memory_blocks=[{"label": "system/human", "value": "h"}]))
    response = http.get(f"/v1/agents/{agent['id']}/core-memory/blocks/system%2Fhuman")
    assert response.status_code == 404


def test_identityDelete_UnlinksFromAgentsAndBlocks(api):
    http = api.http()
    block = post(http, "/v1/blocks/", {"label": unique("lnk"), "value": "v"})
    agent = post(http, "/v1/agents/", agent_payload())
    doomed = identity(http, agent_ids=[agent["id"]], block_ids=[block["id"]])
    assert http.get("/v1/blocks/", params={"identity_id": doomed["id"]}).json()[0]["id"] == block["id"]
    assert http.delete(f"/v1/identities/{doomed['id']}").status_code == 200
    assert http.get(f"/v1/agents/{agent['id']}").json()["identity_ids"] == []
    assert http.get(f"/v1/agents/", params={"identity_id": doomed["id"]}).json() == []


TIMESTAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$"


def test_agentTimestamps_AreUtcWithZ_AndUpdatedAtMovesOnChange(api):
    import re
    import time

    http = api.http()
    agent = post(http, "/v1/agents/", agent_payload())
    assert re.match(TIMESTAMP, agent["created_at"]) and agent["created_at"] == agent["updated_at"]
    time.sleep(0.01)
    patched = http.patch(f"/v1/agents/{agent['id']}", json={"description": "later"}).json()
    assert re.match(TIMESTAMP, patched["updated_at"])
    assert patched["updated_at"] > agent["updated_at"] and patched["created_at"] == agent["created_at"]
    time.sleep(0.01)
    block = post(http, "/v1/blocks/", {"label": unique("ts"), "value": "v"})
    attached = http.patch(f"/v1/agents/{agent['id']}/core-memory/blocks/attach/{block['id']}").json()
    assert attached["updated_at"] > patched["updated_at"]


def test_agentList_OrderByUpdatedAt(api):
    http = api.http()
    tag = unique("upd")
    first = post(http, "/v1/agents/", agent_payload(tags=[tag]))
    second = post(http, "/v1/agents/", agent_payload(tags=[tag]))
    http.patch(f"/v1/agents/{first['id']}", json={"description": "touched"})
    by_created = http.get("/v1/agents/", params={"tags": tag}).json()
    by_updated = http.get("/v1/agents/", params={"tags": tag, "order_by": "updated_at"}).json()
    assert [a["id"] for a in by_created] == [second["id"], first["id"]]
    assert [a["id"] for a in by_updated] == [first["id"], second["id"]]


def test_nestedBlocks_CarryTags_AndDefaultDescriptionsAgree(api):
    http = api.http()
    agent = post(http, "/v1/agents/", agent_payload(memory_blocks=[{"label": "human", "value": "h", "tags": ["bt"]},
                                                                   {"label": "persona", "value": "p"}]))
    nested = {b["label"]: b for b in agent["blocks"]}
    assert nested["human"]["tags"] == ["bt"]  # DECISIONS #10
    assert nested["human"]["description"]  # Letta's default human description (§7.6)
    for label in ("human", "persona"):
        standalone = http.get(f"/v1/blocks/{nested[label]['id']}").json()
        by_label = http.get(f"/v1/agents/{agent['id']}/core-memory/blocks/{label}").json()
        assert standalone["description"] == by_label["description"] == nested[label]["description"]


def test_hiddenAgents_AreLeftOutOfListsAndCounts(api):
    http = api.http()
    tag = unique("hid")
    visible = post(http, "/v1/agents/", agent_payload(tags=[tag]))
    hidden = post(http, "/v1/agents/", agent_payload(tags=[tag], hidden=True))
    assert hidden["hidden"] is True
    assert [a["id"] for a in http.get("/v1/agents/", params={"tags": tag}).json()] == [visible["id"]]
    assert http.get("/v1/agents/count", params={"tags": tag}).json() == 1
    assert http.get(f"/v1/agents/{hidden['id']}").status_code == 200


@pytest.mark.parametrize(("path", "params", "loc"), [
    ("/v1/identities/", {"identity_type": "robot"}, ["query", "identity_type"]),
    ("/v1/identities/", {"order_by": "name"}, ["query", "order_by"]),
    ("/v1/agents/", {"include": "agent.bogus"}, ["query", "include", 0]),
    ("/v1/agents/", {"limit": "many"}, ["query", "limit"]),
    ("/v1/tags/", {"order": "up"}, ["query", "order"]),
    ("/v1/blocks/", {"identity_id": "user_1"}, ["query", "identity_id"]),
])
def test_invalidQueryParameters_Answer422AtTheirLocation(api, path, params, loc):
    response = api.http().get(path, params=params)
    assert response.status_code == 422, response.text
    assert loc in [e["loc"] for e in response.json()["detail"]]


def test_identityPatchAndUpsert_UnknownAgentIds_Answer404NamingThem(api):
    http = api.http()
    existing = identity(http)
    patched = http.patch(f"/v1/identities/{existing['id']}", json={"agent_ids": [MISSING_AGENT]})
    assert patched.status_code == 404 and MISSING_AGENT in patched.json()["detail"]
    upserted = http.put("/v1/identities/", json={"identifier_key": existing["identifier_key"], "name": "x",
                                                 "identity_type": "user", "agent_ids": [MISSING_AGENT]})
    assert upserted.status_code == 404 and MISSING_AGENT in upserted.json()["detail"]
    assert http.get(f"/v1/identities/{existing['id']}").json()["name"] == existing["name"]
