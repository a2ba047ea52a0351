"""The served /openapi.json is the repository's openapi/openapi.json, and every
operation it declares is actually routed by the server."""

from __future__ import annotations

import json
import re

import pytest

from harness.server import REPO_ROOT
from harness.util import MISSING_AGENT, MISSING_BLOCK, MISSING_IDENTITY

REPO_OPENAPI = REPO_ROOT / "openapi" / "openapi.json"
REPO_DOCUMENT = json.loads(REPO_OPENAPI.read_text("utf-8"))
OPERATIONS = [
    (method.upper(), path)
    for path, item in REPO_DOCUMENT["paths"].items()
    for method in item
    if method in ("get", "put", "post", "delete", "patch")
]
PLACEHOLDERS = {"identity_id": MISSING_IDENTITY, "agent_id": MISSING_AGENT, "block_id": MISSING_BLOCK,
                "block_label": "human"}


def test_servedDocument_EqualsRepositoryDocument(api):
    response = api.http().get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == REPO_DOCUMENT
    assert api.document_source == "server"


def test_document_DeclaresEverySpecEndpoint():
    # The 35 operations of letta-api.md §3, the deprecated GET core-memory, /openapi.json, and
    # agent-file import and export.
    assert len(OPERATIONS) == 39
    assert REPO_DOCUMENT["openapi"].startswith("3.1")


def test_document_IsSelfContained():
    refs = re.findall(r'"\$ref":\s*"([^"]+)"', REPO_OPENAPI.read_text("utf-8"))
    assert refs and all(ref.startswith("#/") for ref in refs)


@pytest.mark.parametrize(("method", "template"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_documentedOperation_IsRouted(api, method, template):
    path = re.sub(r"\{(\w+)\}", lambda m: PLACEHOLDERS[m.group(1)], template)
    response = api.http().request(method, path, json={} if method in ("POST", "PUT", "PATCH") else None)
    assert response.status_code not in (405, 307), response.text
    if response.status_code == 404:
        assert response.json() != {"detail": "Not Found"}, f"{method} {template} is not routed"
