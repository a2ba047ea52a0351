"""Fills a Letta server, through its public API only, with every kind of object and link the
migration carries: identities of every type with properties of every type (some in a project),
standalone blocks (tagged, with metadata, templates, hidden ones, some linked only to identities),
blocks shared by several agents, agents with tags, identities, memory blocks and attached blocks,
a hidden agent, agents with Letta's base tools, and agents with a custom tool and messages (an
initial message sequence, which Letta stores without calling a model). Deterministic for a given `seed`.

    python seed_letta.py URL [--identities N] [--blocks N] [--agents N] [--password P]
"""

from __future__ import annotations

import argparse
import random
import time
from concurrent.futures import ThreadPoolExecutor

from letta_api import Client

MODELS = ["openai-proxy/gpt-4o-mini", "anthropic/claude-3-5-sonnet", "openai-proxy/gpt-4.1"]
EMBEDDINGS = ["openai/text-embedding-3-small", "openai/text-embedding-3-large", None]


DICE_TOOL = '''def roll_dice(sides: int) -> str:
    """Roll a die.

    Args:
        sides: how many sides the die has

    Returns:
        str: the number rolled
    """
    return str(sides)
'''


def properties_for(i: int) -> list[dict]:
    kinds = [
        {"key": "email", "value": f"user{i}@example.com", "type": "string"},
        {"key": "age", "value": 20 + i % 50, "type": "number"},
        {"key": "score", "value": i / 8, "type": "number"},
        {"key": "vip", "value": i % 2 == 0, "type": "boolean"},
        {"key": "prefs", "value": {"lang": "fr", "tags": ["a", i], "nested": {"n": None}}, "type": "json"},
        {"key": "unicode", "value": "café ☕ \"quoted\" \\ back", "type": "string"},
    ]
    return kinds[: i % (len(kinds) + 1)]


def seed(
    client: Client, identities: int, blocks: int, agents: int, workers: int = 8, rng_seed: int = 14, prefix: str = ""
) -> dict:
    """Creates the objects; `prefix` starts every identifier key, so one server can be seeded twice."""
    rng = random.Random(rng_seed)
    started = time.monotonic()
    timings: dict[str, float] = {}

    def create_identity(i: int):
        body = {
            "identifier_key": f"{prefix}user_{i}",
            "name": f"Person {i}",
            "identity_type": ["user", "org", "other"][i % 3],
            "properties": properties_for(i),
        }
        if i % 10 == 7:
            body["project_id"] = "project-one"
        return client.post("/v1/identities/", body)["id"]

    def create_block(i: int):
        body = {"label": f"notes_{i % 17}", "value": f"value {i} " + "x" * (i % 40), "limit": 5000 + i}
        if i % 3 == 0:
            body["tags"] = [f"btag{i % 5}", "shared"]
        if i % 4 == 0:
            body["metadata"] = {"n": i, "kind": "seed"}
        if i % 5 == 0:
            body["description"] = f"block {i}"
        if i % 50 == 1:
            body.update({"is_template": True, "template_name": f"tmpl{i}"})
        if i % 50 == 2:
            body["hidden"] = True
        if i % 11 == 0:
            body["project_id"] = "project-one"
        return client.post("/v1/blocks/", body)["id"]

    with ThreadPoolExecutor(workers) as pool:
        t = time.monotonic()
        identity_ids = list(pool.map(create_identity, range(identities)))
        timings["identities"] = time.monotonic() - t
        t = time.monotonic()
        block_ids = list(pool.map(create_block, range(blocks)))
        timings["blocks"] = time.monotonic() - t

        # identity <-> block links: the first third of the blocks are linked only to identities.
        links = []
        for i, block in enumerate(block_ids):
            if i % 2 == 0:
                links.append((block, identity_ids[i % len(identity_ids)]))
            if i % 7 == 0:
                links.append((block, identity_ids[(i * 3 + 1) % len(identity_ids)]))
        t = time.monotonic()
        list(pool.map(lambda link: client.patch(f"/v1/blocks/{link[0]}/identities/attach/{link[1]}"), links))
        timings["identity_block_links"] = time.monotonic() - t

        shared = block_ids[len(block_ids) // 3 :]
        dice = client.request("PUT", "/v1/tools/", {"source_code": DICE_TOOL, "description": "Roll a die", "tags": ["dice"]})

        def create_agent(i: int):
            local = random.Random(rng_seed * 1000 + i)
            body = {
                "name": f"agent {i}",
                "model": MODELS[i % len(MODELS)],
                "include_base_tools": i % 25 == 3,
                "tags": sorted({f"tag{local.randrange(10)}" for _ in range(i % 4)}),
                "identity_ids": local.sample(identity_ids, k=min(i % 4, len(identity_ids))),
                "block_ids": local.sample(shared, k=min(i % 5, len(shared))),
                "memory_blocks": [{"label": "persona", "value": f"I am agent {i}"}] if i % 2 else [],
                "description": f"agent number {i}" if i % 3 else None,
                "metadata": {"i": i, "even": i % 2 == 0} if i % 4 else None,
                "timezone": "Europe/Paris" if i % 6 == 0 else None,
            }
            embedding = EMBEDDINGS[i % len(EMBEDDINGS)]
            if embedding:
                body["embedding"] = embedding
            if i == 5:
                body["hidden"] = True
            if i % 9 == 0:
                body["project_id"] = "project-one"
            if i % 8 == 0:
                body["system"] = f"You are test agent {i}."
            if i % 4 == 1:
                # A custom tool and messages: Letta writes an initial message sequence without a model.
                body["tool_ids"] = [dice["id"]]
                body["initial_message_sequence"] = [
                    {"role": "user", "content": f"hello from user {i}"},
                    {"role": "assistant", "content": f"hi, I am agent {i}"},
                ]
            return client.post("/v1/agents/", body)["id"]

        t = time.monotonic()
        agent_ids = list(pool.map(create_agent, range(agents)))
        timings["agents"] = time.monotonic() - t
    rng.shuffle(agent_ids)
    return {
        "identities": identity_ids,
        "blocks": block_ids,
        "agents": agent_ids,
        "tool": dice["id"],
        "identity_block_links": len(links),
        "timings": timings,
        "seconds": time.monotonic() - started,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--identities", type=int, default=300)
    parser.add_argument("--blocks", type=int, default=300)
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--password")
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    result = seed(Client(args.url, args.password), args.identities, args.blocks, args.agents, prefix=args.prefix)
    print({k: (len(v) if isinstance(v, list) else v) for k, v in result.items()})


if __name__ == "__main__":
    main()
