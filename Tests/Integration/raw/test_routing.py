"""Wire-level routing behaviour the SDKs hide: trailing-slash redirects, unknown
routes, wrong methods, literal-over-parameter matching (letta-api.md §1.1)."""

from __future__ import annotations

import pytest

from harness.util import MISSING_IDENTITY, unique


def create_identity(http, **fields) -> dict:
    body = {"identifier_key": unique("route"), "name": "Router", "identity_type": "user", **fields}
    response = http.post("/v1/identities/", json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("method", "path", "expected_location_path"),
    [
        ("GET", "/v1/identities?limit=3", "/v1/identities/?limit=3"),
        ("GET", "/v1/agents?limit=1&order=asc", "/v1/agents/?limit=1&order=asc"),
        ("GET", "/v1/blocks", "/v1/blocks/"),
        ("GET", "/v1/tags", "/v1/tags/"),
        ("GET", "/v1/health", "/v1/health/"),
        ("POST", "/v1/identities", "/v1/identities/"),
        ("PUT", "/v1/identities", "/v1/identities/"),
        ("POST", "/v1/agents", "/v1/agents/"),
        ("GET", "/v1/identities/count/", "/v1/identities/count"),
        ("GET", f"/v1/identities/{MISSING_IDENTITY}/", f"/v1/identities/{MISSING_IDENTITY}"),
    ],
)
def test_trailingSlash_Redirects307WithAbsoluteLocation_WhenOtherSpellingIsARoute(api, method, path,
                                                                                   expected_location_path):
    http = api.http()
    response = http.request(method, path, json={} if method in ("POST", "PUT") else None)
    assert response.status_code == 307
    assert response.headers["location"] == f"{api.base_url}{expected_location_path}"
    assert response.content == b""


def test_redirect_UsesHostHeader_WhenBuildingLocation(api):
    response = api.http().get("/v1/identities?limit=1", headers={"Host": "letta.example:8283"})
    assert response.status_code == 307
    assert response.headers["location"] == "http://letta.example:8283/v1/identities/?limit=1"


def test_postWithoutSlash_CreatesExactlyOnce_WhenClientFollowsRedirect(api):
    key = unique("redirected")
    http = api.http(follow_redirects=True)
    response = http.post("/v1/identities", json={"identifier_key": key, "name": "R", "identity_type": "user"})
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [307]
    assert response.json()["identifier_key"] == key
    listed = http.get("/v1/identities/", params={"identifier_key": key}).json()
    assert [i["id"] for i in listed] == [response.json()["id"]]


@pytest.mark.parametrize("path", ["/v1/identitiez/", "/v2/identities/", "/nope", "/v1/agents/x/y/z/w/v"])
def test_unknownRoute_Answers404NotFound(api, path):
    response = api.http().get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/v1/identities/", {"GET", "POST", "PUT"}),
        ("PATCH", "/v1/identities/", {"GET", "POST", "PUT"}),
        ("POST", f"/v1/identities/{MISSING_IDENTITY}", {"GET", "PATCH", "DELETE"}),
        ("PUT", f"/v1/identities/{MISSING_IDENTITY}", {"GET", "PATCH", "DELETE"}),
        ("DELETE", "/v1/health/", {"GET"}),
        ("POST", "/v1/tags/", {"GET"}),
        ("DELETE", "/v1/agents/", {"GET", "POST"}),
    ],
)
def test_wrongMethod_Answers405WithAllow_WhenPathIsKnown(api, method, path, allowed):
    response = api.http().request(method, path)
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
    allow = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed <= allow
    assert method not in allow


def test_countRoute_WinsOverIdParameter_ForGet(api):
    http = api.http()
    before = http.get("/v1/identities/count")
    assert before.status_code == 200
    create_identity(http)
    after = http.get("/v1/identities/count")
    assert after.json() == before.json() + 1


def test_literalCount_FallsThroughToIdRoute_ForOtherMethods(api):
    # PATCH /v1/blocks/count is PATCH /v1/blocks/{block_id} with block_id="count" -> 422 (§1.1).
    response = api.http().patch("/v1/blocks/count", json={"value": "x"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    assert detail[0]["loc"] == ["path", "block_id"]


def test_openapiDocument_IsServedAsJson(api):
    response = api.http().get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["openapi"].startswith("3.1")
