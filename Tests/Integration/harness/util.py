"""Constants and helpers shared by the test modules."""

from __future__ import annotations

import re
import uuid

DEFAULT_ORG_ID = "org-00000000-0000-4000-8000-000000000000"
DEFAULT_USER_ID = "user-00000000-0000-4000-8000-000000000000"
UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
IDENTITY_ID = re.compile(f"^identity-{UUID4}$")
AGENT_ID = re.compile(f"^agent-{UUID4}$")
BLOCK_ID = re.compile(f"^block-{UUID4}$")

# Well-formed ids that never exist.
MISSING_IDENTITY = "identity-00000000-0000-4000-8000-000000000000"
MISSING_AGENT = "agent-00000000-0000-4000-8000-000000000000"
MISSING_BLOCK = "block-00000000-0000-4000-8000-000000000000"

SEED_MODEL = "anthropic/claude-3-5-sonnet-20241022"
SEED_EMBEDDING = "openai/text-embedding-3-small"

# The seed guide's agent payload (python/typescript snippets).
SEED_AGENT = {
    "memory_blocks": [],
    "model": SEED_MODEL,
    "context_window_limit": 200000,
    "embedding": SEED_EMBEDDING,
}


def unique(prefix: str) -> str:
    """A fresh identifier (keys, names, tags) so tests never share data."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def agent_payload(**overrides) -> dict:
    """The seed agent payload with overrides (for raw requests)."""
    return {**SEED_AGENT, **overrides}
