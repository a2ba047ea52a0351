"""Compares a Letta server and an identity-server that `migrate` filled from it, through both
REST APIs, object by object. Returns a list of differences (empty: the same answers).

Documented differences (docs/migrating.md, README compatibility notes) are normalised away and
nothing else:
- identities' `agent_ids` / `block_ids`: Letta always answers `[]`; here they list the real links,
  so they are compared with Letta's `GET /v1/identities/{id}/agents` and `/blocks` instead;
- blocks nested in agents carry their tags here (Letta: `[]`), DECISIONS #10;
- tag lists, an agent's tools and identity ids compare as sets (Letta does not order them);
- an agent's blocks (`blocks`, `memory.blocks`) compare as sets: Letta 0.16.8 reads them with a
  join without ORDER BY, so it answers the same agent's blocks in link-table order, block-table
  order or index order depending on PostgreSQL's plan (a page of 100 agents and a page of 50
  differ once autoanalyze has run). This server keeps the order the migration read.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from letta_api import Client

AGENT_RELATIONS = [("include", v) for v in ("agent.blocks", "agent.identities", "agent.tags", "agent.secrets", "agent.tools")]


def _diff(kind: str, oid: str, left: dict, right: dict, out: list[str]) -> None:
    for key in sorted(set(left) | set(right)):
        if left.get(key, "<absent>") != right.get(key, "<absent>"):
            out.append(f"{kind} {oid}: {key}: letta={str(left.get(key, '<absent>'))[:160]} here={str(right.get(key, '<absent>'))[:160]}")


def _norm_block(block: dict, nested: bool = False) -> dict:
    block = dict(block)
    block["tags"] = sorted(block.get("tags") or [])
    if nested:
        block["tags"] = []
    return block


def _norm_agent(agent: dict, from_letta: bool) -> dict:
    agent = dict(agent)
    agent["tags"] = sorted(agent["tags"])
    agent["tools"] = sorted(agent["tools"], key=lambda t: t["id"])
    agent["identity_ids"] = sorted(agent["identity_ids"])
    agent["identities"] = sorted(agent["identities"], key=lambda i: i["id"])
    agent["blocks"] = sorted((_norm_block(b, nested=True) for b in agent["blocks"]), key=lambda b: b["id"])
    memory = dict(agent["memory"])
    memory["blocks"] = sorted((_norm_block(b, nested=True) for b in memory["blocks"]), key=lambda b: b["id"])
    agent["memory"] = memory
    return agent


def compare(letta: Client, here: Client, workers: int = 8) -> list[str]:
    out: list[str] = []

    # Counts.
    for path, query in [("/v1/identities/count", []), ("/v1/blocks/count", []),
                        ("/v1/agents/count", []), ("/v1/agents/count", [("show_hidden_agents", "true")])]:
        a, b = letta.get(path, query), here.get(path, query)
        if a != b:
            out.append(f"{path}?{query}: letta={a} here={b}")

    # Identities: same list, same order, same objects; links against Letta's sub-lists.
    identities_l, identities_h = letta.all_identities(), here.all_identities()
    if [i["id"] for i in identities_l] != [i["id"] for i in identities_h]:
        out.append(f"identities: list order or membership differs ({len(identities_l)} vs {len(identities_h)})")
    by_id = {i["id"]: i for i in identities_h}

    def identity_links(identity_id: str):
        agents = {a["id"] for a in letta.paged(f"/v1/identities/{identity_id}/agents")}
        blocks = {b["id"] for b in letta.paged(f"/v1/identities/{identity_id}/blocks")}
        return identity_id, agents, blocks

    with ThreadPoolExecutor(workers) as pool:
        links = {i: (a, b) for i, a, b in pool.map(identity_links, [i["id"] for i in identities_l])}
    for identity in identities_l:
        ours = by_id.get(identity["id"])
        if ours is None:
            out.append(f"identity {identity['id']}: missing here")
            continue
        agents, blocks = links[identity["id"]]
        if set(ours["agent_ids"]) != agents:
            out.append(f"identity {identity['id']}: agents letta={sorted(agents)} here={sorted(ours['agent_ids'])}")
        if set(ours["block_ids"]) != blocks:
            out.append(f"identity {identity['id']}: blocks letta={sorted(blocks)} here={sorted(ours['block_ids'])}")
        _diff("identity", identity["id"], dict(identity, agent_ids=[], block_ids=[]),
              dict(ours, agent_ids=[], block_ids=[]), out)

    # Blocks: every list (templates, hidden) in the same order with the same objects, and the default list.
    blocks_l, blocks_h = letta.all_blocks(), here.all_blocks()
    if [b["id"] for b in blocks_l] != [b["id"] for b in blocks_h]:
        out.append(f"blocks: list order or membership differs ({len(blocks_l)} vs {len(blocks_h)})")
    ours_blocks = {b["id"]: b for b in blocks_h}
    for block in blocks_l:
        if block["id"] not in ours_blocks:
            out.append(f"block {block['id']}: missing here")
            continue
        _diff("block", block["id"], _norm_block(block), _norm_block(ours_blocks[block["id"]]), out)
    default_l = [b["id"] for b in letta.paged("/v1/blocks/")]
    default_h = [b["id"] for b in here.paged("/v1/blocks/")]
    if default_l != default_h:
        out.append("blocks: the default list differs")

    # Agents: hidden ones included, every field; the default list hides the same ones.
    agents_l = letta.paged("/v1/agents/", [("show_hidden_agents", "true")] + AGENT_RELATIONS)
    agents_h = here.paged("/v1/agents/", [("show_hidden_agents", "true")] + AGENT_RELATIONS)
    if [a["id"] for a in agents_l] != [a["id"] for a in agents_h]:
        out.append(f"agents: list order or membership differs ({len(agents_l)} vs {len(agents_h)})")
    ours_agents = {a["id"]: a for a in agents_h}
    for agent in agents_l:
        if agent["id"] not in ours_agents:
            out.append(f"agent {agent['id']}: missing here")
            continue
        _diff("agent", agent["id"], _norm_agent(agent, True), _norm_agent(ours_agents[agent["id"]], False), out)
    if [a["id"] for a in letta.paged("/v1/agents/")] != [a["id"] for a in here.paged("/v1/agents/")]:
        out.append("agents: the default list (hidden agents excluded) differs")

    # Single-object reads and the tag directory.
    def single(path: str):
        return path, letta.get(path), here.get(path)

    paths = [f"/v1/identities/{i['id']}" for i in identities_l[:50]] + [f"/v1/blocks/{b['id']}" for b in blocks_l[:50]]
    with ThreadPoolExecutor(workers) as pool:
        for path, a, b in pool.map(single, paths):
            a = dict(a, agent_ids=[], block_ids=[]) if "identifier_key" in a else _norm_block(a)
            b = dict(b, agent_ids=[], block_ids=[]) if "identifier_key" in b else _norm_block(b)
            _diff("GET", path, a, b, out)
    tags_l = letta.get("/v1/tags/", [("limit", "1000")])
    tags_h = here.get("/v1/tags/", [("limit", "1000")])
    if tags_l != tags_h:
        out.append(f"tags: letta={tags_l[:20]} here={tags_h[:20]}")
    return out


def _tools_by_name(document: dict) -> dict:
    return {t["name"]: {k: v for k, v in t.items() if k != "id"} for t in document["tools"]}


def _numbered(entry: dict) -> dict:
    """An agent entry with its messages renumbered `message-0…` in order and without their
    `agent_id` (Letta's concurrent exports share one id counter: a message may say `agent-3`) or
    `otid` (Letta makes up a new one on every export for a message stored without one)."""
    ids = {m["id"]: f"message-{n}" for n, m in enumerate(entry["messages"])}
    return dict(entry, messages=[dict(m, id=ids[m["id"]], otid=None, agent_id=None) for m in entry["messages"]],
                in_context_message_ids=[ids.get(i, i) for i in entry["in_context_message_ids"]])


def compare_exports(letta: Client, here: Client, agent_ids: list[str], workers: int = 8) -> list[str]:
    """`GET /v1/agents/{id}/export` on both servers: the same messages (renumbered in order, see
    `_numbered`), the same tools (by name: Letta numbers its tool ids in another order
    than it lists them) and the same in-context messages and tool rules of the agent."""
    out: list[str] = []

    def both(agent_id: str):
        return agent_id, letta.get(f"/v1/agents/{agent_id}/export"), here.get(f"/v1/agents/{agent_id}/export")

    with ThreadPoolExecutor(workers) as pool:
        for agent_id, theirs, ours in pool.map(both, agent_ids):
            if _tools_by_name(theirs) != _tools_by_name(ours):
                out.append(f"export {agent_id}: tools letta={sorted(_tools_by_name(theirs))} here={sorted(_tools_by_name(ours))}")
            a, b = _numbered(theirs["agents"][0]), _numbered(ours["agents"][0])
            for key in ("messages", "in_context_message_ids", "tool_rules", "system", "name"):
                if a[key] != b[key]:
                    out.append(f"export {agent_id}: {key}: letta={str(a[key])[:200]} here={str(b[key])[:200]}")
            if len(a["tool_ids"]) != len(b["tool_ids"]):
                out.append(f"export {agent_id}: tool_ids letta={a['tool_ids']} here={b['tool_ids']}")
    return out
