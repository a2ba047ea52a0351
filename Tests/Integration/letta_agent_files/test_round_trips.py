"""Agent files between this server and the real Letta 0.16.8 (run under scripts/with-letta.sh, which
sets LETTA_URL): our exports import into Letta with the same content, Letta's exports (the recorded
ones in exported-by-letta/ and fresh ones) import into ours with the same content.

Compared: system prompt, tags, description, model and embedding, blocks (label, value, limit), tools
(name and source code: Letta rewrites the JSON schemas of its own built-in tools on import), messages
(role, content, tool calls), the in-context list, tool rules and secret keys."""

from __future__ import annotations

import json
import os

import pytest
from letta_client import Letta

from harness.agent_files import REAL_FILES, agent_files_dir, content, index_of, load

LETTA_URL = os.environ.get("LETTA_URL")
if not LETTA_URL:
    raise RuntimeError("LETTA_URL is not set: run this suite through scripts/agent-file-letta-tests.sh")


@pytest.fixture(scope="module")
def letta():
    return Letta(base_url=LETTA_URL, api_key=os.environ.get("LETTA_PASSWORD") or None, timeout=120, max_retries=0)


@pytest.fixture(scope="module")
def ours(api):
    return api.stainless()


def same(left: dict, right: dict) -> None:
    for key in left:
        assert left[key] == right[key], f"{key} differs"


def import_bytes(client, data: bytes, **options) -> list[str]:
    return client.agents.import_file(file=("agent.af", data, "application/octet-stream"), **options).agent_ids


@pytest.mark.parametrize("name", REAL_FILES)
def test_our_export_imports_into_letta_with_the_same_content(ours, letta, name):
    original = load(agent_files_dir() / name)
    our_ids = import_bytes(ours, (agent_files_dir() / name).read_bytes())
    our_export = ours.agents.export_file(our_ids[0])
    letta_ids = import_bytes(letta, our_export.encode(), append_copy_suffix=False)
    letta_export = json.loads(letta.agents.export_file(letta_ids[0]))
    for index, entry in enumerate(original["agents"]):
        expected = content(original, index, tool_schemas=False)
        same(expected, content(letta_export, index_of(letta_export, entry["name"] + "_copy"), tool_schemas=False))


@pytest.mark.parametrize("name", sorted(p.name for p in (agent_files_dir() / "exported-by-letta").glob("*.af")))
def test_recorded_letta_export_imports_into_ours_with_the_same_content(ours, name):
    path = agent_files_dir() / "exported-by-letta" / name
    recorded = load(path)
    ids = import_bytes(ours, path.read_bytes(), append_copy_suffix=False)
    exported = json.loads(ours.agents.export_file(ids[0]))
    same(content(recorded, 0), content(exported, 0))


@pytest.mark.parametrize("name", ["loop.af", "evie.af", "deep_research_agent.af"])
def test_fresh_letta_export_imports_into_ours_with_the_same_content(ours, letta, name):
    letta_ids = import_bytes(letta, (agent_files_dir() / name).read_bytes())
    letta_export = letta.agents.export_file(letta_ids[0])
    fresh = load(letta_export.encode())
    our_ids = import_bytes(ours, letta_export.encode(), append_copy_suffix=False)
    assert len(our_ids) == len(fresh["agents"])
    exported = json.loads(ours.agents.export_file(our_ids[0]))
    for index, entry in enumerate(fresh["agents"]):
        same(content(fresh, index), content(exported, index_of(exported, entry["name"])))


def test_plain_agent_from_our_api_imports_into_letta(ours, letta):
    agent = ours.agents.create(
        name="plain-from-ours", model="openai/gpt-4o-mini", embedding="openai/text-embedding-3-small",
        memory_blocks=[{"label": "human", "value": "Ada"}], tags=["t1"])
    exported = ours.agents.export_file(agent.id)
    letta_ids = import_bytes(letta, exported.encode())
    back = load(letta.agents.export_file(letta_ids[0]).encode())
    ours_doc = load(exported.encode())
    assert back["agents"][0]["name"] == "plain-from-ours_copy"
    same(content(ours_doc, 0), content(back, 0, tool_schemas=True))
    assert content(back, 0)["tags"] == ["t1"]
    assert content(back, 0)["blocks"] == [("human", "Ada", 100000)]
