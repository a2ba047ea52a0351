"""Expected values shared by raw, Stainless and Fern tests (letta-api.md §7, DECISIONS #5, #13)."""

from __future__ import annotations

from harness.util import AGENT_ID, DEFAULT_USER_ID, SEED_EMBEDDING, SEED_MODEL

EMPTY_MEMORY = {"agent_type": "letta_v1_agent", "git_enabled": False, "blocks": [], "file_blocks": [],
                "prompt_template": ""}


def assert_seed_agent(agent: dict, identity_ids: list[str] | None = None, tags: list[str] | None = None) -> None:
    """An agent created with the seed payload (model/context window/embedding of the guide),
    given as the JSON dict of an AgentState."""
    assert AGENT_ID.match(agent["id"]), agent["id"]
    assert agent["agent_type"] == "letta_v1_agent"
    assert isinstance(agent["name"], str) and agent["name"]
    assert isinstance(agent["system"], str) and agent["system"]
    assert agent["model"] == SEED_MODEL
    assert agent["embedding"] == SEED_EMBEDDING
    llm = agent["llm_config"]
    assert llm["model"] == "claude-3-5-sonnet-20241022"
    assert llm["model_endpoint_type"] == "anthropic"
    assert llm["model_endpoint"] == "https://api.anthropic.com/v1"
    assert llm["provider_name"] == "anthropic"
    assert llm["handle"] == SEED_MODEL
    assert llm["context_window"] == 200000
    assert llm["max_tokens"] == 16384
    assert llm["enable_reasoner"] is False
    assert llm["temperature"] == 1.0
    emb = agent["embedding_config"]
    assert emb["embedding_endpoint_type"] == "openai"
    assert emb["embedding_model"] == "text-embedding-3-small"
    assert emb["embedding_dim"] == 1536
    assert emb["handle"] == SEED_EMBEDDING
    settings = agent["model_settings"]
    assert settings["provider_type"] == "anthropic"
    assert settings["max_output_tokens"] == 16384
    assert settings["thinking"]["type"] == "disabled"
    assert agent["compaction_settings"]["model"] == "anthropic/claude-haiku-4-5"
    assert agent["memory"] == EMPTY_MEMORY
    assert agent["blocks"] == []
    assert agent["tools"] == [] and agent["sources"] == []
    assert agent["timezone"] == "UTC"
    assert agent["max_files_open"] == 10
    assert agent["per_file_view_window_char_limit"] == 40000
    assert agent["created_by_id"] == DEFAULT_USER_ID
    assert agent["last_updated_by_id"] == DEFAULT_USER_ID
    assert isinstance(agent["created_at"], str) and agent["created_at"].endswith("Z")
    assert agent["tags"] == (tags or [])
    assert agent["identity_ids"] == (identity_ids or [])
    assert [i["id"] for i in agent["identities"]] == (identity_ids or [])
    for nested in agent["identities"]:
        # Identities nested in an agent carry empty link lists, as in Letta: the real lists are
        # unbounded (an org identity may link every agent). GET /v1/identities/{id} has them.
        assert nested["agent_ids"] == [] and nested["block_ids"] == []
