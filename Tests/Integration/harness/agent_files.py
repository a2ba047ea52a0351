"""Agent files (.af) for the tests: where the real ones are, and a content view of one agent of a
file that ignores file-local ids, list order and what a server adds on its own."""

from __future__ import annotations

import json
import os
from pathlib import Path

from harness.server import REPO_ROOT

REAL_FILES = ["loop.af", "evie.af", "customer_service.af", "memgpt_agent_with_convo.af", "deep_research_agent.af"]


def agent_files_dir() -> Path:
    """../shared/letta/agent-files beside the repository (or beside one of its parent folders)."""
    if os.environ.get("AGENT_FILES_DIR"):
        return Path(os.environ["AGENT_FILES_DIR"])
    for folder in [REPO_ROOT, *REPO_ROOT.parents]:
        candidate = folder / "shared" / "letta" / "agent-files"
        if (candidate / "loop.af").is_file():
            return candidate
    raise FileNotFoundError("../shared/letta/agent-files not found (set AGENT_FILES_DIR)")


def load(source) -> dict:
    """A file's document from a path, bytes or text; a JSON string holding the JSON is parsed again."""
    if isinstance(source, Path):
        source = source.read_bytes()
    document = json.loads(source)
    return json.loads(document) if isinstance(document, str) else document


def content(document: dict, index: int, *, tool_schemas: bool = True) -> dict:
    """What agent `index` of `document` holds, with its blocks, tools and messages resolved."""
    agent = document["agents"][index]
    blocks = {b["id"]: b for b in document.get("blocks") or []}
    tools = {t["id"]: t for t in document.get("tools") or []}
    messages = agent.get("messages") or []
    message_ids = [m["id"] for m in messages]

    def tool(t):
        text = (t["name"], t.get("source_code"))
        return text + ((json.dumps(t.get("json_schema"), sort_keys=True),) if tool_schemas else ())

    return {
        "system": agent["system"],
        "tags": sorted(agent.get("tags") or []),
        "description": agent.get("description"),
        "llm_model": (agent["llm_config"] or {}).get("model"),
        "llm_context_window": (agent["llm_config"] or {}).get("context_window"),
        "embedding_model": (agent.get("embedding_config") or {}).get("embedding_model"),
        "blocks": sorted((blocks[i]["label"], blocks[i]["value"], blocks[i]["limit"]) for i in agent["block_ids"]),
        "tools": sorted(tool(tools[i]) for i in agent["tool_ids"]),
        "messages": [
            (m["role"], json.dumps(m.get("content"), sort_keys=True), json.dumps(m.get("tool_calls"), sort_keys=True))
            for m in messages
        ],
        "in_context": [message_ids.index(i) for i in agent.get("in_context_message_ids") or []],
        "tool_rules": sorted(json.dumps(r, sort_keys=True) for r in agent.get("tool_rules") or []),
        "secret_keys": sorted((agent.get("secrets") or agent.get("tool_exec_environment_variables") or {}).keys()),
    }


def index_of(document: dict, name: str) -> int:
    """The position of the agent called `name` in `document`."""
    names = [a["name"] for a in document["agents"]]
    assert name in names, f"{name!r} not among {names}"
    return names.index(name)
