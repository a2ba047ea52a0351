"""The seed guide's curl requests, sent as written (shared/seeds/multi-user-identities-guide.txt)."""

from __future__ import annotations

import json

from harness.expectations import assert_seed_agent
from harness.util import DEFAULT_ORG_ID, IDENTITY_ID

# The guide sends "Authorization: Bearer " with an empty token; httpx refuses trailing spaces.
CURL_HEADERS = {"Authorization": "Bearer", "Content-Type": "application/json"}
CREATE_IDENTITY = b"""{
      "identifier_key": "user_1",
      "name": "Caren",
      "identity_type": "user"
    }"""
# As printed in the guide: a comma is missing before "agent_ids".
ATTACH_IDENTITY_AS_PRINTED = b"""{
      "identifier_key": "user_1",
      "name": "Sarah",
      "identity_type": "user"
      "agent_ids": ["agent-00000000-0000-4000-8000-000000000000"]
    }"""


def create_agent_with_llm_key(identity_id: str) -> bytes:
    return ("""{
      "memory_blocks": [],
      "llm": "anthropic/claude-3-5-sonnet-20241022",
      "context_window_limit": 200000,
      "embedding": "openai/text-embedding-3-small",
      "identity_ids": ["%s"]
    }""" % identity_id).encode()


def test_seedGuideCurlFlow_WorksAsWritten(fresh_api):
    http = fresh_api.http()  # like curl: no redirect following

    created = http.post("/v1/identities/", content=CREATE_IDENTITY, headers=CURL_HEADERS)
    assert created.status_code == 200, created.text
    identity = created.json()
    assert IDENTITY_ID.match(identity["id"])
    assert identity == {"id": identity["id"], "identifier_key": "user_1", "name": "Caren", "identity_type": "user",
                        "project_id": None, "agent_ids": [], "block_ids": [], "organization_id": DEFAULT_ORG_ID,
                        "properties": []}

    # The legacy "llm" key is accepted as an alias of "model" (DECISIONS #5).
    agent_response = http.post("/v1/agents/", content=create_agent_with_llm_key(identity["id"]), headers=CURL_HEADERS)
    assert agent_response.status_code == 200, agent_response.text
    agent = agent_response.json()
    assert_seed_agent(agent, identity_ids=[identity["id"]])
    assert agent["created_at"] == agent["updated_at"]

    listed = http.get("/v1/agents/?identifier_keys=user_1", headers={"Accept": "application/json"})
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [agent["id"]]
    assert listed.json()[0]["identity_ids"] == [identity["id"]]

    retrieved = http.get(f"/v1/identities/{identity['id']}").json()
    assert retrieved["agent_ids"] == [agent["id"]]

    # The third example's body is not valid JSON as printed.
    broken = http.post("/v1/identities/", content=ATTACH_IDENTITY_AS_PRINTED, headers=CURL_HEADERS)
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["type"] == "json_invalid"

    # Fixed, it re-uses user_1 (already taken) -> 409; nothing is linked or created.
    fixed = json.loads(ATTACH_IDENTITY_AS_PRINTED.replace(b'"user"\n', b'"user",\n'))
    fixed["agent_ids"] = [agent["id"]]
    duplicate = http.post("/v1/identities/", json=fixed, headers=CURL_HEADERS)
    assert duplicate.status_code == 409
    assert http.get("/v1/identities/count").json() == 1

    # With a fresh key it creates Sarah linked to the existing agent.
    fixed["identifier_key"] = "user_2"
    sarah = http.post("/v1/identities/", json=fixed, headers=CURL_HEADERS)
    assert sarah.status_code == 200, sarah.text
    assert sarah.json()["agent_ids"] == [agent["id"]]
    agent_after = http.get(f"/v1/agents/{agent['id']}").json()
    assert sorted(agent_after["identity_ids"]) == sorted([identity["id"], sarah.json()["id"]])
    by_key = http.get("/v1/agents/", params=[("identifier_keys", "user_1"), ("identifier_keys", "user_2")]).json()
    assert [a["id"] for a in by_key] == [agent["id"]]  # once, although two identities match (DECISIONS #6)
    assert http.get("/v1/agents/count", params=[("identifier_keys", "user_1"),
                                               ("identifier_keys", "user_2")]).json() == 1


def test_seedGuideCurl_ModelKeyAndLlmKeyProduceSameConfig(fresh_api):
    http = fresh_api.http()
    with_llm = http.post("/v1/agents/", json={"memory_blocks": [], "llm": "anthropic/claude-3-5-sonnet-20241022",
                                              "context_window_limit": 200000,
                                              "embedding": "openai/text-embedding-3-small"}).json()
    with_model = http.post("/v1/agents/", json={"memory_blocks": [], "model": "anthropic/claude-3-5-sonnet-20241022",
                                                "context_window_limit": 200000,
                                                "embedding": "openai/text-embedding-3-small"}).json()
    assert with_llm["llm_config"] == with_model["llm_config"]
    assert with_llm["embedding_config"] == with_model["embedding_config"]


def test_seedGuideApiReference_ExampleIdIsRejected(fresh_api):
    # identity-123e4567-e89b-12d3-... (API reference page) is a v1 UUID: 422 as a path id.
    response = fresh_api.http().get("/v1/identities/identity-123e4567-e89b-12d3-a456-426614174000")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "identity_id"]
