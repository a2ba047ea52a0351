"""Agent files (.af) through letta-client 1.7.0: every real file imported with
`client.agents.import_file`, read back, exported with `client.agents.export_file` and compared with
the file; bad files answered as Letta does, with nothing written."""

from __future__ import annotations

import json

import letta_client
import pytest

from harness.agent_files import REAL_FILES, agent_files_dir, content, index_of, load


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_file_imports_reads_back_and_exports_the_same(client, name):
    path = agent_files_dir() / name
    document = load(path)
    with open(path, "rb") as upload:
        imported = client.agents.import_file(file=upload)
    assert len(imported.agent_ids) == len(document["agents"])
    for index, agent_id in enumerate(imported.agent_ids):
        entry = document["agents"][index]
        agent = client.agents.retrieve(agent_id)
        assert agent.name == entry["name"] + "_copy"
        assert agent.system == entry["system"]
        assert sorted(agent.tags) == sorted(entry["tags"] or [])
        assert agent.llm_config.model == entry["llm_config"]["model"]
        assert agent.embedding_config.embedding_model == entry["embedding_config"]["embedding_model"]
        assert sorted(b.label for b in agent.memory.blocks) == sorted(
            b["label"] for b in document["blocks"] if b["id"] in entry["block_ids"])
        file_tools = {t["id"]: t["name"] for t in document["tools"]}
        assert sorted(t.name for t in agent.tools) == sorted(file_tools[i] for i in entry["tool_ids"])
        listed = client.agents.tools.list(agent_id, limit=100)
        assert sorted(t.name for t in listed) == sorted(t.name for t in agent.tools)

        exported = json.loads(client.agents.export_file(agent_id))
        position = index_of(exported, agent.name)
        assert content(exported, position) == content(document, index)
        assert exported["agents"][position]["identity_ids"] is None
        assert len(exported["agents"][position]) == 53


def test_exported_file_imports_again_with_options(client):
    path = agent_files_dir() / "memgpt_agent_with_convo.af"
    with open(path, "rb") as upload:
        first = client.agents.import_file(file=upload).agent_ids[0]
    exported = client.agents.export_file(first)
    again = client.agents.import_file(
        file=("again.af", exported.encode(), "application/json"), append_copy_suffix=False, name="second-life",
        strip_messages=True, secrets=json.dumps({"TOKEN": "t"}), x_override_embedding_model="openai/text-embedding-3-large",
    ).agent_ids[0]
    agent = client.agents.retrieve(again)
    assert agent.name == "second-life"
    assert agent.message_ids == []
    assert agent.embedding_config.embedding_model == "text-embedding-3-large"
    assert any(s.key == "TOKEN" and s.value == "t" for s in agent.secrets)
    second = json.loads(client.agents.export_file(again))
    assert second["agents"][0]["secrets"] == {"TOKEN": ""}
    assert content(second, 0)["blocks"] == content(load(path), 0)["blocks"]


def _loop() -> dict:
    return load(agent_files_dir() / "loop.af")


def _with(edit) -> bytes:
    document = _loop()
    edit(document)
    return json.dumps(document).encode()


BAD_FILES = {
    "not JSON": (b"definitely not json", "Corrupted agent file format."),
    "old format": (json.dumps({"core_memory": [], "tools": [], "messages": [], "version": "0.3"}).encode(), "Legacy"),
    "bad id": (lambda: _with(lambda d: d["agents"][0].update(id="agent_zero")), "'agent_zero'"),
    "duplicate id": (lambda: _with(lambda d: d["blocks"][1].update(id=d["blocks"][0]["id"])), "duplicate id"),
    "dangling block": (lambda: _with(lambda d: d["agents"][0]["block_ids"].append("block-404")), "'block-404'"),
    "dangling tool": (lambda: _with(lambda d: d["agents"][0]["tool_ids"].append("tool-404")), "'tool-404'"),
}


@pytest.mark.parametrize("label", list(BAD_FILES))
def test_bad_file_is_400_and_writes_nothing(api, client, label):
    body, detail = BAD_FILES[label]
    body = body() if callable(body) else body
    http = api.http()
    before = http.get("/v1/agents/count").json()
    with pytest.raises(letta_client.BadRequestError) as raised:
        client.agents.import_file(file=("bad.af", body, "application/octet-stream"))
    assert detail in raised.value.body["detail"]
    assert http.get("/v1/agents/count").json() == before


def test_malformed_multipart_is_400_and_oversized_upload_is_413(api):
    with api.http() as http:
        before = http.get("/v1/agents/count").json()
        broken = http.post(
            "/v1/agents/import", content=b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n{}',
            headers={"Content-Type": "multipart/form-data; boundary=b"})
        assert broken.status_code == 400
        assert "multipart" in broken.json()["detail"]
        huge = http.post("/v1/agents/import", files={"file": ("big.af", b"x" * (16 * 1024 * 1024 + 1))})
        assert huge.status_code == 413
        assert http.get("/v1/agents/count").json() == before


def test_export_refuses_the_legacy_format(client, make_agent):
    agent = make_agent(name="plain")
    with pytest.raises(letta_client.BadRequestError) as raised:
        client.agents.export_file(agent.id, use_legacy_format=True)
    assert raised.value.body["detail"] == "Legacy format is not supported"
    exported = json.loads(client.agents.export_file(agent.id, max_steps=3))
    assert exported["tools"] == [] and exported["groups"] == [] and exported["files"] == []
    assert exported["agents"][0]["name"] == "plain"
