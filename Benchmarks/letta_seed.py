"""Seeds a Letta-shaped server (identity-server or the real Letta 0.16.8) through its public REST
API with the corpus bench-seed writes through the store (Benchmarks/Sources/bench-seed/SeedCorpus.swift),
so `Benchmarks/run.sh --with-letta` can load both servers with the same data the same way.

    python3 letta_seed.py URL --identities N --agents N --info FILE --pool FILE
                          [--workers 8] [--deadline SECONDS] [--model HANDLE] [--key-prefix P]

Identity i: key `user_<i>`, type `user`, every other one with a `plan` property. Agent i: the seed
guide's body (`memory_blocks`, model and embedding handles, `context_window_limit: 200000`) linked to
identity i mod N (odd agents also to a second one), one or two tags of a 16-tag vocabulary, every
fourth agent with `human` and `persona` memory blocks. Requests run on WORKERS threads, each with its
own keep-alive connection; the whole seed must finish within DEADLINE seconds (exit 1 otherwise).
Writes the same facts as `bench-seed --info` (KEY=VALUE lines) and the identity pool
(`identity_id identifier_key` per line, the sample identity left out). On a server that already
holds data, give a key prefix (identifier keys must be new): the identities and `support`-tagged
agents it holds before seeding are counted into the facts. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, wait

TAGS = [
    "support", "sales", "onboarding", "billing", "research", "travel", "health", "finance",
    "education", "legal", "marketing", "engineering", "design", "ops", "hr", "gaming",
]
# A handle both servers accept offline (Letta's script registers this one; the seed guide's
# dated claude-3-5-sonnet handle is a 404 there).
DEFAULT_MODEL = "anthropic/claude-3-7-sonnet-20250219"
EMBEDDING = "openai/text-embedding-3-small"


class SeedError(Exception):
    pass


class Client:
    """POSTs JSON over one keep-alive connection per thread."""

    def __init__(self, base_url: str, timeout: float):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port or 80, timeout
        self.local = threading.local()

    def get(self, path: str):
        return self.send("GET", path, None)

    def post(self, path: str, body: dict):
        return self.send("POST", path, body)

    def send(self, method: str, path: str, body: dict | None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "letta-seed/1"}
        for attempt in (1, 2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                raw = response.read()
            except (ConnectionError, http.client.HTTPException) as error:
                # A keep-alive connection the server closed: reconnect once.
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise SeedError(f"{method} {path}: {error}") from None
                continue
            if not 200 <= response.status < 300:
                raise SeedError(f"{method} {path} -> {response.status}: {raw[:300].decode(errors='replace')}")
            return json.loads(raw)
        raise SeedError(f"{method} {path}: no answer")


def identity_body(i: int, prefix: str) -> dict:
    properties = [{"key": "plan", "value": "pro" if i % 4 == 0 else "free", "type": "string"}] if i % 2 == 0 else []
    return {"identifier_key": f"{prefix}user_{i}", "name": f"User {i}", "identity_type": "user", "properties": properties}


def linked_identities(i: int, count: int) -> list[int]:
    first = i % count
    if i % 2 == 0 or count < 2:
        return [first]
    second = (i * 7919 + 13) % count
    if second == first:
        second = (first + 1) % count
    return [first, second]


def agent_tags(i: int) -> list[str]:
    first = TAGS[i % len(TAGS)]
    return [first] if i % 3 else [first, TAGS[(i // 3 + 5) % len(TAGS)]]


def agent_body(i: int, identity_ids: list[str], model: str) -> dict:
    linked = linked_identities(i, len(identity_ids))
    blocks = []
    if i % 4 == 0:
        blocks = [
            {"label": "human", "value": f"Name: User {i % len(identity_ids)}\nPrefers short answers."},
            {"label": "persona", "value": f"I am a friendly assistant for the {agent_tags(i)[0]} team."},
        ]
    return {
        "name": f"Agent {i}",
        "memory_blocks": blocks,
        "model": model,
        "context_window_limit": 200000,
        "embedding": EMBEDDING,
        "identity_ids": [identity_ids[j] for j in linked],
        "tags": agent_tags(i),
    }


def run_all(pool: ThreadPoolExecutor, task, count: int, deadline: float, what: str) -> list:
    """task(i) for i in 0..count-1 on the pool; results in index order; fails past the deadline."""
    futures = [pool.submit(task, i) for i in range(count)]
    done, pending = wait(futures, timeout=max(0.0, deadline - time.monotonic()))
    if pending:
        for future in pending:
            future.cancel()
        raise SeedError(f"{what}: {len(pending)} of {count} not created before the deadline")
    return [future.result() for future in futures]


def seed(args) -> None:
    client = Client(args.url, timeout=args.request_timeout)
    deadline = time.monotonic() + args.deadline
    facts: list[tuple[str, object]] = []
    identities_before = client.get("/v1/identities/count")
    tagged_before = client.get(f"/v1/agents/count?tags={TAGS[0]}")
    with ThreadPoolExecutor(args.workers) as pool:
        started = time.monotonic()
        identity_ids = run_all(
            pool, lambda i: client.post("/v1/identities/", identity_body(i, args.key_prefix))["id"], args.identities, deadline, "identities"
        )
        identity_seconds = time.monotonic() - started
        started = time.monotonic()
        agent_ids = run_all(
            pool, lambda i: client.post("/v1/agents/", agent_body(i, identity_ids, args.model))["id"], args.agents, deadline, "agents"
        )
        agent_seconds = time.monotonic() - started

    # Samples, chosen as bench-seed chooses them: an agent with memory blocks in the middle,
    # the identity it is first linked to, the first tag of the vocabulary.
    sample_agent = (args.agents // 2) // 4 * 4
    sample_identity = linked_identities(sample_agent, args.identities)[0]
    facts += [
        ("identities", identities_before + args.identities),
        ("agents", args.agents),
        ("blocks", sum(2 for i in range(args.agents) if i % 4 == 0)),
        ("identity_seconds", f"{identity_seconds:.3f}"),
        ("agent_seconds", f"{agent_seconds:.3f}"),
        ("identity_id", identity_ids[sample_identity]),
        ("identifier_key", f"{args.key_prefix}user_{sample_identity}"),
        ("identifier_key_agents", sum(sample_identity in linked_identities(i, args.identities) for i in range(args.agents))),
        ("agent_id", agent_ids[sample_agent]),
        ("tag", TAGS[0]),
        ("tag_agents", tagged_before + sum(TAGS[0] in agent_tags(i) for i in range(args.agents))),
    ]
    with open(args.info, "w") as info:
        info.writelines(f"{key}={value}\n" for key, value in facts)
    with open(args.pool, "w") as pool_file:
        pool_file.writelines(f"{identity_ids[i]} {args.key_prefix}user_{i}\n" for i in range(args.identities) if i != sample_identity)
    print(
        f"seeded {args.url}: {args.identities} identities in {identity_seconds:.1f} s "
        f"({args.identities / max(identity_seconds, 1e-9):.0f}/s), {args.agents} agents in {agent_seconds:.1f} s "
        f"({args.agents / max(agent_seconds, 1e-9):.1f}/s), {args.workers} parallel requests"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--identities", type=int, required=True)
    parser.add_argument("--agents", type=int, required=True)
    parser.add_argument("--info", required=True)
    parser.add_argument("--pool", required=True)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole seed")
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--key-prefix", default="", help="starts every identifier key")
    args = parser.parse_args()
    if args.identities < 1 or args.agents < 1 or args.workers < 1:
        parser.error("--identities, --agents and --workers must be positive")
    try:
        seed(args)
    except SeedError as error:
        print(f"letta_seed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
