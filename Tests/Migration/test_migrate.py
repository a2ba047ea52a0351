"""`identity-server migrate` against the real Letta 0.16.8: everything carried with its ids and
links, both APIs answering the same, idempotent reruns, source changes brought over, an
interrupted run completed, conflicts reported, and bad sources refused with one-line errors."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from compare import compare, compare_exports
from conftest import PASSWORD, migrate, run
from faults import NotLetta, Proxy
from letta_api import Client

pytestmark = pytest.mark.plain


def assert_all(table: dict, column: str) -> None:
    for kind, row in table.items():
        assert row[column] == row["source"], (kind, row)


def test_migrate_into_sqlite_is_complete_idempotent_and_follows_changes(binary, letta_url, letta, seeded, workdir, serve):
    db = str(workdir / "target.db")
    first = migrate(binary, letta_url, db)
    assert first.code == 0, first.stderr
    table = first.table()
    assert_all(table, "created")
    assert table["identities"]["source"] >= len(seeded["identities"])
    assert table["blocks"]["source"] >= len(seeded["blocks"])
    assert table["agents"]["source"] >= len(seeded["agents"])
    assert "verified: both sides hold the same objects" in first.stdout
    assert first.stderr == ""  # no progress line when stderr is not a terminal
    objects = sum(row["source"] for row in table.values())
    print(f"\nmigrate (SQLite): {objects} objects in {first.seconds:.1f} s = {objects / first.seconds:.0f} objects/s "
          f"(including the verification pass)")

    here = serve(db)
    assert compare(letta, here) == []
    # Tools and messages: every agent with messages beyond Letta's initial ones, plus a sample.
    agents = letta.paged("/v1/agents/", [("show_hidden_agents", "true")])
    talkative = [a["id"] for a in agents if len(a["message_ids"]) > 1 or a["tools"]]
    assert any(len(a["message_ids"]) > 1 for a in agents) and any(a["tools"] for a in agents)
    assert compare_exports(letta, here, talkative + [a["id"] for a in agents[:10]]) == []
    for agent in agents:
        ours = here.get(f"/v1/agents/{agent['id']}")
        assert sorted(t["id"] for t in ours["tools"]) == sorted(t["id"] for t in agent["tools"]), agent["id"]

    second = migrate(binary, letta_url, db)
    assert second.code == 0, second.stderr
    assert_all(second.table(), "unchanged")

    # Change the source: every kind of field and link, plus new objects.
    identity = seeded["identities"][4]
    letta.patch(f"/v1/identities/{identity}", {"name": "Renamed", "properties": [{"key": "k", "value": 7, "type": "number"}]})
    agent = letta.get(f"/v1/agents/{seeded['agents'][0]}")
    letta.patch(f"/v1/agents/{agent['id']}/identities/attach/{seeded['identities'][9]}")
    letta.patch(f"/v1/agents/{agent['id']}", {"tags": ["changed-tag"], "description": "changed"})
    letta.patch(f"/v1/agents/{agent['id']}/tools/attach/{seeded['tool']}")
    new_block = letta.post("/v1/blocks/", {"label": "late", "value": "added later", "tags": ["late"]})
    letta.patch(f"/v1/agents/{agent['id']}/core-memory/blocks/attach/{new_block['id']}")
    letta.patch(f"/v1/blocks/{new_block['id']}/identities/attach/{identity}")
    new_agent = letta.post("/v1/agents/", {"name": "late agent", "model": "openai-proxy/gpt-4o-mini",
                                           "include_base_tools": False, "identity_ids": [identity]})

    third = migrate(binary, letta_url, db)
    assert third.code == 0, third.stdout + third.stderr
    table = third.table()
    assert table["blocks"]["created"] == 1 and table["agents"]["created"] == 1
    assert table["identities"]["updated"] >= 1 and table["agents"]["updated"] >= 1
    assert compare(letta, here) == []
    assert compare_exports(letta, here, [agent["id"], new_agent["id"]]) == []
    assert here.get(f"/v1/agents/{new_agent['id']}")["identity_ids"] == [identity]


def test_migrate_into_postgres(binary, letta_url, letta, seeded, postgres_db, serve):
    first = migrate(binary, letta_url, postgres_db, "--concurrency", "8")
    assert first.code == 0, first.stderr
    assert_all(first.table(), "created")
    objects = sum(row["source"] for row in first.table().values())
    print(f"\nmigrate (PostgreSQL, --concurrency 8): {objects} objects in {first.seconds:.1f} s")
    assert compare(letta, serve(postgres_db)) == []
    second = migrate(binary, letta_url, postgres_db)
    assert second.code == 0
    assert_all(second.table(), "unchanged")


def test_a_killed_run_is_completed_by_the_next(binary, letta_url, letta, seeded, workdir, serve):
    db = workdir / "killed.db"
    process = subprocess.Popen([str(binary), "migrate", "--from", letta_url, "--db", str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
                    blocks = connection.execute("SELECT count(*) FROM blocks").fetchone()[0]
                    agents = connection.execute("SELECT count(*) FROM agents").fetchone()[0]
                if blocks > 0:
                    process.send_signal(signal.SIGKILL)
                    written = (blocks, agents)
                    break
            except sqlite3.Error:
                pass
        time.sleep(0.005)
    process.wait(30)
    assert written is not None, "the run ended before the test could kill it"
    total_agents = letta.get("/v1/agents/count", [("show_hidden_agents", "true")])
    assert written[1] < total_agents, "killed after everything was written: proves nothing"

    rerun = migrate(binary, letta_url, str(db))
    assert rerun.code == 0, rerun.stderr
    table = rerun.table()
    assert table["blocks"]["unchanged"] >= 1
    assert compare(letta, serve(str(db))) == []


def test_conflicting_identifier_key_is_reported_and_the_rest_carried(binary, letta_url, letta, seeded, workdir, serve):
    db = str(workdir / "conflict.db")
    taken = letta.get(f"/v1/identities/{seeded['identities'][1]}")
    here = serve(db)
    squatter = here.post("/v1/identities/", {"identifier_key": taken["identifier_key"], "name": "someone else",
                                              "identity_type": "user", "project_id": taken["project_id"]})
    result = migrate(binary, letta_url, db)
    assert result.code == 3, result.stdout + result.stderr
    assert f"skipped identity {taken['id']}: identifier_key '{taken['identifier_key']}'" in result.stdout
    assert f"belongs to {squatter['id']}" in result.stdout
    table = result.table()
    assert table["identities"]["skipped"] == 1
    assert table["identities"]["created"] == table["identities"]["source"] - 1
    # The squatter is untouched; agents linked to the skipped identity are skipped, the rest carried.
    assert here.get(f"/v1/identities/{squatter['id']}")["name"] == "someone else"
    linked = {a["id"] for a in letta.paged(f"/v1/identities/{taken['id']}/agents")}
    assert table["agents"]["skipped"] == len(linked)
    assert table["agents"]["created"] == table["agents"]["source"] - len(linked)


def test_dry_run_writes_nothing(binary, letta_url, seeded, workdir, serve):
    db = str(workdir / "dry.db")
    result = migrate(binary, letta_url, db, "--dry-run")
    assert result.code == 0, result.stderr
    assert "would create" in result.stdout
    assert_all(result.table(), "created")
    here = serve(db)
    assert here.get("/v1/identities/count") == 0
    assert here.get("/v1/agents/count", [("show_hidden_agents", "true")]) == 0


def assert_refused(result, *fragments: str) -> None:
    assert result.code == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("identity-server migrate: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.stdout == ""


def empty_target(binary, db: str, serve) -> None:
    if os.path.exists(db):
        here = serve(db)
        assert here.get("/v1/identities/count") == 0
        assert here.get("/v1/blocks/count") == 0


def test_dead_port_is_refused(binary, workdir, serve):
    db = str(workdir / "dead.db")
    result = migrate(binary, "http://127.0.0.1:9", db)
    assert_refused(result, "cannot reach Letta at http://127.0.0.1:9", "connection refused")
    empty_target(binary, db, serve)


def test_a_server_that_is_not_letta_is_refused(binary, workdir, serve):
    db = str(workdir / "notletta.db")
    with NotLetta(str(workdir)) as other:
        result = migrate(binary, other.url, db)
    assert_refused(result, "does not look like a Letta server")
    empty_target(binary, db, serve)


@pytest.mark.parametrize("status,body,expected", [
    (500, b'{"detail":"An unknown error occurred"}', "answered 500 to GET /v1/identities/"),
    (200, b'[{"id": "identity-', "not JSON"),
    (200, b'{"items": []}', "malformed page"),
])
def test_a_failure_in_the_middle_writes_nothing(binary, letta_url, seeded, workdir, serve, status, body, expected):
    db = str(workdir / "fault.db")
    second_page = lambda path: path.startswith("/v1/identities/?") and "after=" in path  # noqa: E731
    with Proxy(letta_url, second_page, status, body) as proxy:
        result = migrate(binary, proxy.url, db)
    assert_refused(result, expected)
    empty_target(binary, db, serve)


def test_usage_errors(binary, workdir):
    assert run(binary, "migrate").code == 2
    assert run(binary, "migrate", "--from", "http://x", "--concurrency", "0").code == 2
    bad = run(binary, "migrate", "--from", "ftp://example", "--db", str(workdir / "x.db"))
    assert bad.code == 1 and "expected an http:// or https:// URL" in bad.stderr
