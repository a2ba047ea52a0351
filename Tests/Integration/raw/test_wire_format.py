"""Wire details the SDKs hide (letta-api.md §1.2, §1.3, §1.6, §8.13; DECISIONS #9, #12, #14)."""

from __future__ import annotations

import json

import pytest

from harness.util import (DEFAULT_ORG_ID, IDENTITY_ID, MISSING_AGENT, MISSING_BLOCK, MISSING_IDENTITY, agent_payload,
                          unique)


def new_identity(http, **fields) -> dict:
    body = {"identifier_key": unique("wire"), "name": "Wire", "identity_type": "user", **fields}
    response = http.post("/v1/identities/", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def new_agent(http, **fields) -> dict:
    response = http.post("/v1/agents/", json=agent_payload(**fields))
    assert response.status_code == 200, response.text
    return response.json()


def new_block(http, **fields) -> dict:
    response = http.post("/v1/blocks/", json={"label": "human", "value": "v", **fields})
    assert response.status_code == 200, response.text
    return response.json()


def assert_validation_error(response, loc: list, error_type: str | None = None) -> dict:
    """422 with the HTTPValidationError shape of DECISIONS #12; returns the entry at `loc`."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], list) and body["detail"], body
    for entry in body["detail"]:
        assert isinstance(entry["loc"], list)
        assert isinstance(entry["msg"], str) and entry["msg"]
        assert isinstance(entry["type"], str) and entry["type"]
        assert "input" in entry
        if "ctx" in entry:
            assert isinstance(entry["ctx"], dict)
    if "trace_id" in body:
        assert isinstance(body["trace_id"], str)
    matching = [e for e in body["detail"] if e["loc"] == loc]
    assert matching, f"no error at loc {loc}: {body['detail']}"
    if error_type is not None:
        assert matching[0]["type"] == error_type, matching[0]
    return matching[0]


# -- success bodies -------------------------------------------------------------------

def test_identityCreate_ReturnsFullIdentityObject(api):
    http = api.http()
    key = unique("full")
    response = http.post("/v1/identities/", json={"identifier_key": key, "name": "Caren", "identity_type": "user"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert IDENTITY_ID.match(body["id"])
    assert body == {
        "id": body["id"], "identifier_key": key, "name": "Caren", "identity_type": "user", "project_id": None,
        "agent_ids": [], "block_ids": [], "organization_id": DEFAULT_ORG_ID, "properties": [],
    }


def test_responses_AreCompactUtf8Json_WithRawNonAscii(api):
    http = api.http()
    response = http.post("/v1/identities/", json={"identifier_key": unique("utf8"), "name": "Zoë 東京",
                                                  "identity_type": "user"})
    assert response.status_code == 200
    assert "Zoë 東京".encode("utf-8") in response.content
    assert b'", "' not in response.content and b'": ' not in response.content


def test_identityDelete_ReturnsJsonNull(api):
    http = api.http()
    identity = new_identity(http)
    response = http.delete(f"/v1/identities/{identity['id']}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content.strip() == b"null"
    assert http.get(f"/v1/identities/{identity['id']}").status_code == 404


def test_blockDelete_ReturnsJsonNull(api):
    http = api.http()
    block = new_block(http)
    response = http.delete(f"/v1/blocks/{block['id']}")
    assert response.status_code == 200
    assert response.content.strip() == b"null"
    assert http.get(f"/v1/blocks/{block['id']}").status_code == 404


def test_agentIdentityAttachAndDetach_ReturnJsonNull(api):
    http = api.http()
    agent, identity = new_agent(http), new_identity(http)
    attach = http.patch(f"/v1/agents/{agent['id']}/identities/attach/{identity['id']}")
    assert attach.status_code == 200 and attach.content.strip() == b"null"
    assert http.get(f"/v1/agents/{agent['id']}").json()["identity_ids"] == [identity["id"]]
    detach = http.patch(f"/v1/agents/{agent['id']}/identities/detach/{identity['id']}")
    assert detach.status_code == 200 and detach.content.strip() == b"null"
    assert http.get(f"/v1/agents/{agent['id']}").json()["identity_ids"] == []


def test_agentDelete_ReturnsMessageObject(api):
    http = api.http()
    agent = new_agent(http)
    response = http.delete(f"/v1/agents/{agent['id']}")
    assert response.status_code == 200
    assert response.json() == {"message": f"Agent id={agent['id']} successfully deleted"}
    assert http.get(f"/v1/agents/{agent['id']}").status_code == 404


@pytest.mark.parametrize("path", ["/v1/identities/count", "/v1/agents/count", "/v1/blocks/count"])
def test_counts_AreBareIntegers(api, path):
    response = api.http().get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content.strip().isdigit()
    assert isinstance(json.loads(response.content), int)


def test_counts_TrackCreatesAndDeletes(fresh_api):
    http = fresh_api.http()
    assert [http.get(p).json() for p in ("/v1/identities/count", "/v1/agents/count", "/v1/blocks/count")] == [0, 0, 0]
    identity = new_identity(http)
    agent = new_agent(http, memory_blocks=[{"label": "human", "value": "h"}])
    new_block(http)
    assert http.get("/v1/identities/count").json() == 1
    assert http.get("/v1/agents/count").json() == 1
    assert http.get("/v1/blocks/count").json() == 2  # the memory block is an ordinary block
    http.delete(f"/v1/identities/{identity['id']}")
    http.delete(f"/v1/agents/{agent['id']}")
    assert http.get("/v1/identities/count").json() == 0
    assert http.get("/v1/agents/count").json() == 0
    assert http.get("/v1/blocks/count").json() == 2  # deleting an agent keeps its blocks


def test_health_ReturnsStatusOkAndVersion(api):
    response = api.http().get("/v1/health/", headers={"user_id": "garbage"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]


# -- error bodies -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/v1/identities/{MISSING_IDENTITY}"),
        ("PATCH", f"/v1/identities/{MISSING_IDENTITY}"),
        ("DELETE", f"/v1/identities/{MISSING_IDENTITY}"),
        ("GET", f"/v1/identities/{MISSING_IDENTITY}/agents"),
        ("GET", f"/v1/identities/{MISSING_IDENTITY}/blocks"),
        ("GET", f"/v1/agents/{MISSING_AGENT}"),
        ("PATCH", f"/v1/agents/{MISSING_AGENT}"),
        ("DELETE", f"/v1/agents/{MISSING_AGENT}"),
        ("GET", f"/v1/agents/{MISSING_AGENT}/core-memory/blocks"),
        ("GET", f"/v1/blocks/{MISSING_BLOCK}"),
        ("PATCH", f"/v1/blocks/{MISSING_BLOCK}"),
        ("DELETE", f"/v1/blocks/{MISSING_BLOCK}"),
    ],
)
def test_unknownId_Answers404WithShortDetail(api, method, path):
    response = api.http().request(method, path, json={} if method == "PATCH" else None)
    assert response.status_code == 404, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    missing = path.split("/")[3]
    assert missing in detail
    assert "actor=" not in detail and "datetime" not in detail  # DECISIONS #9: no actor dump


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/v1/identities/not-an-id", "identity_id"),
        ("/v1/identities/identity-05C6DA84-3016-4A00-BF29-6648A049C37F", "identity_id"),
        ("/v1/identities/identity-123e4567-e89b-12d3-a456-426614174000", "identity_id"),  # v1 uuid (seed doc)
        ("/v1/identities/agent-00000000-0000-4000-8000-000000000000", "identity_id"),
        ("/v1/agents/agent-123", "agent_id"),
        ("/v1/blocks/nope", "block_id"),
    ],
)
def test_malformedPathId_Answers422PatternMismatch(api, path, param):
    response = api.http().get(path)
    entry = assert_validation_error(response, ["path", param], "string_pattern_mismatch")
    assert entry["input"] == path.rsplit("/", 1)[1]
    assert "pattern" in entry.get("ctx", {})


def test_missingFields_AllReportedTogether(api):
    response = api.http().post("/v1/identities/", json={})
    for field in ("identifier_key", "name", "identity_type"):
        assert_validation_error(response, ["body", field], "missing")


def test_unknownIdentityField_Answers422ExtraForbidden(api):
    response = api.http().post("/v1/identities/", json={"identifier_key": unique("x"), "name": "x",
                                                        "identity_type": "user", "color": "red"})
    entry = assert_validation_error(response, ["body", "color"], "extra_forbidden")
    assert entry["input"] == "red"


def test_invalidEnum_Answers422(api):
    response = api.http().post("/v1/identities/", json={"identifier_key": unique("x"), "name": "x",
                                                        "identity_type": "robot"})
    entry = assert_validation_error(response, ["body", "identity_type"])
    assert entry["input"] == "robot"


def test_malformedJson_Answers422JsonInvalid(api):
    response = api.http().post("/v1/identities/", content=b'{"identifier_key": "x", "name": ',
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["type"] == "json_invalid"
    assert detail[0]["loc"][0] == "body"


def test_missingBody_Answers422(api):
    response = api.http().post("/v1/identities/")
    assert_validation_error(response, ["body"], "missing")


def test_bodyWithoutContentType_IsParsedAsJson(api):
    key = unique("noctype")
    response = api.http().post("/v1/identities/", content=json.dumps(
        {"identifier_key": key, "name": "x", "identity_type": "user"}).encode())
    assert response.status_code == 200, response.text
    assert response.json()["identifier_key"] == key


def test_queryIntegerParse_Answers422(api):
    assert_validation_error(api.http().get("/v1/identities/", params={"limit": "abc"}), ["query", "limit"],
                            "int_parsing")


def test_queryLiteral_Answers422(api):
    assert_validation_error(api.http().get("/v1/identities/", params={"order": "sideways"}), ["query", "order"])


def test_malformedIdInBodyList_Answers422WithIndex(api):
    response = api.http().post("/v1/identities/", json={"identifier_key": unique("x"), "name": "x",
                                                        "identity_type": "user", "agent_ids": ["not-an-agent-id"]})
    assert_validation_error(response, ["body", "agent_ids", 0])


def test_unknownAgentIdsInIdentityCreate_Answer4xxNamingIds_AndCreateNothing(api):
    http = api.http()
    key = unique("badagent")
    response = http.post("/v1/identities/", json={"identifier_key": key, "name": "x", "identity_type": "user",
                                                  "agent_ids": [MISSING_AGENT]})
    assert 400 <= response.status_code < 500
    assert MISSING_AGENT in json.dumps(response.json()["detail"])
    assert http.get("/v1/identities/", params={"identifier_key": key}).json() == []


def test_unknownIdentityIdsOnAgentCreate_Answer404NamingIds_AndCreateNothing(fresh_api):
    http = fresh_api.http()
    response = http.post("/v1/agents/", json=agent_payload(identity_ids=[MISSING_IDENTITY],
                                                           memory_blocks=[{"label": "human", "value": "h"}]))
    assert response.status_code == 404
    assert MISSING_IDENTITY in response.json()["detail"]
    assert http.get("/v1/agents/count").json() == 0
    assert http.get("/v1/blocks/count").json() == 0  # no orphaned memory block (DECISIONS #4)


def test_invalidAgentName_Answers4xxNot500(api):
    response = api.http().post("/v1/agents/", json=agent_payload(name="bad/name"))
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_modelHandleWithoutSlash_Answers400(api):
    response = api.http().post("/v1/agents/", json=agent_payload(model="gpt-4o-mini"))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "INVALID_ARGUMENT: The model handle should be in the format provider/model-name"}


def test_noModel_Answers400(api):
    response = api.http().post("/v1/agents/", json={"memory_blocks": []})
    assert response.status_code == 400
    assert response.json() == {"detail": "INVALID_ARGUMENT: Must specify either model or llm_config in request"}


@pytest.mark.parametrize(
    ("value", "declared"),
    [("old", "number"), ("yes", "boolean"), (5, "string"), ("[1,2]", "json"), (True, "number"), (1.5, "json")],
)
def test_propertyValueTypeMismatch_Answers422NamingProperty(api, value, declared):
    key = unique("mismatch")
    response = api.http().post("/v1/identities/", json={
        "identifier_key": key, "name": "x", "identity_type": "user",
        "properties": [{"key": "prop_under_test", "value": value, "type": declared}]})
    assert response.status_code == 422, response.text
    assert "prop_under_test" in json.dumps(response.json()["detail"])
    assert api.http().get("/v1/identities/", params={"identifier_key": key}).json() == []


@pytest.mark.parametrize(
    ("value", "declared"),
    [("ada@example.com", "string"), (36, "number"), (3.75, "number"), (True, "boolean"),
     ({"theme": "dark", "langs": ["en", "fr"]}, "json")],
)
def test_propertyValueMatchingType_IsStoredVerbatim(api, value, declared):
    response = api.http().post("/v1/identities/", json={
        "identifier_key": unique("typed"), "name": "x", "identity_type": "user",
        "properties": [{"key": "p", "value": value, "type": declared}]})
    assert response.status_code == 200, response.text
    assert response.json()["properties"] == [{"key": "p", "value": value, "type": declared}]
    stored = api.http().get(f"/v1/identities/{response.json()['id']}").json()["properties"][0]["value"]
    assert stored == value and type(stored) is type(value)


def test_propertyValueArrayOrNull_Answers422(api):
    for value in ([1, 2], None):
        response = api.http().post("/v1/identities/", json={
            "identifier_key": unique("bad"), "name": "x", "identity_type": "user",
            "properties": [{"key": "p", "value": value, "type": "json"}]})
        assert response.status_code == 422, value


# -- user_id header ---------------------------------------------------------------------

@pytest.mark.parametrize("value", ["garbage", "user-123", "user-00000000-0000-1000-8000-000000000000",
                                   "USER-00000000-0000-4000-8000-000000000000"])
def test_malformedUserIdHeader_Answers400(api, value):
    response = api.http().get("/v1/identities/", headers={"user_id": value})
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"INVALID_ARGUMENT: Invalid user ID format: {value}. Expected format: 'user-<uuid4>'"}


def test_malformedUserIdHeader_IsCheckedOnWrites(api):
    key = unique("hdr")
    response = api.http().post("/v1/identities/", headers={"user_id": "nope"},
                               json={"identifier_key": key, "name": "x", "identity_type": "user"})
    assert response.status_code == 400
    assert api.http().get("/v1/identities/", params={"identifier_key": key}).json() == []


def test_wellFormedUnknownUserId_FallsBackToDefaultUser(api):
    http = api.http()
    identity = new_identity(http)
    other = "user-5b0c2f8e-1d3a-4c6b-9e7f-0a1b2c3d4e5f"
    response = http.get(f"/v1/identities/{identity['id']}", headers={"user_id": other})
    assert response.status_code == 200
    assert response.json()["organization_id"] == DEFAULT_ORG_ID


def test_identityAttachRoute_MalformedIdentityId_Answers400(api):
    agent = new_agent(api.http())
    response = api.http().patch(f"/v1/agents/{agent['id']}/identities/attach/user_1")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "INVALID_ARGUMENT: Invalid identity ID format: user_1. Expected format: 'identity-<uuid4>'"}


def test_identityCursorUnknown_Answers404(api):
    response = api.http().get("/v1/identities/", params={"after": MISSING_IDENTITY})
    assert response.status_code == 404
    assert MISSING_IDENTITY in response.json()["detail"]


def test_duplicateIdentifierKey_Answers409(api):
    http = api.http()
    identity = new_identity(http)
    response = http.post("/v1/identities/", json={"identifier_key": identity["identifier_key"], "name": "Dup",
                                                  "identity_type": "org"})
    assert response.status_code == 409
    assert isinstance(response.json()["detail"], str)


def test_sameIdentifierKey_IsAllowedInAnotherProject(api):
    http = api.http()
    identity = new_identity(http)
    other = new_identity(http, identifier_key=identity["identifier_key"], project_id="project-alpha")
    assert other["id"] != identity["id"] and other["project_id"] == "project-alpha"
    dup = http.post("/v1/identities/", json={"identifier_key": identity["identifier_key"], "name": "x",
                                             "identity_type": "user", "project_id": "project-alpha"})
    assert dup.status_code == 409


def test_propertyNumberOverflowingDouble_IsRejected_NotStoredAsNull(api):
    # 1e400 is valid JSON text but no double holds it; storing it must not turn it into null.
    key = unique("overflow")
    response = api.http().post("/v1/identities/", content=(
        '{"identifier_key":"%s","name":"x","identity_type":"user",'
        '"properties":[{"key":"n","value":1e400,"type":"number"}]}' % key).encode(),
        headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert api.http().get("/v1/identities/", params={"identifier_key": key}).json() == []


def test_oversizedBody_Answers413WithDetail(api):
    response = api.http().post("/v1/blocks/", json={"label": "big", "value": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large"}
