"""`identity-server export` and `import`: SQLite -> dump -> PostgreSQL -> dump gives the same
bytes; imports are idempotent and report conflicts; malformed dumps write nothing."""

from __future__ import annotations

import json

import pytest

from compare import compare, compare_exports
from conftest import migrate, run

pytestmark = pytest.mark.plain


def test_export_sqlite_import_postgres_export_is_identical(binary, letta_url, letta, seeded, workdir, postgres_db, serve):
    sqlite_db = str(workdir / "source.db")
    assert migrate(binary, letta_url, sqlite_db).code == 0
    first = workdir / "first.jsonl"
    exported = run(binary, "export", "--db", sqlite_db, "--output", str(first))
    assert exported.code == 0, exported.stderr
    lines = first.read_bytes().splitlines()
    header = json.loads(lines[0])
    assert header == {"format": "identity-server-dump", "version": 2, "organization_id": None}
    kinds = [json.loads(line)["kind"] for line in lines[1:]]
    assert kinds[0] == "organization"
    assert kinds.count("agent") == letta.get("/v1/agents/count", [("show_hidden_agents", "true")])
    assert kinds.count("identity") == letta.get("/v1/identities/count")

    imported = run(binary, "import", str(first), "--db", postgres_db)
    assert imported.code == 0, imported.stdout + imported.stderr
    for row in imported.stdout.splitlines()[1:4]:
        cells = row.split()
        assert cells[1] == cells[2], row  # all created
    again = run(binary, "import", str(first), "--db", postgres_db)
    assert again.code == 0
    for row in again.stdout.splitlines()[1:4]:
        cells = row.split()
        assert cells[1] == cells[4], row  # all unchanged

    second = workdir / "second.jsonl"
    assert run(binary, "export", "--db", postgres_db, "--output", str(second)).code == 0
    assert second.read_bytes() == first.read_bytes()
    here = serve(postgres_db)
    assert compare(letta, here) == []
    # The dump carries each agent's tools and messages (version 2).
    agents = [json.loads(line) for line in lines[1:] if json.loads(line)["kind"] == "agent"]
    with_messages = [a["id"] for a in agents if len((a["agent_file_parts"] or {}).get("messages", [])) > 1]
    assert with_messages and any(a["tools"] for a in agents)
    assert compare_exports(letta, here, with_messages[:10]) == []


def test_import_of_a_malformed_dump_writes_nothing(binary, workdir, serve):
    db = str(workdir / "target.db")
    dump = workdir / "bad.jsonl"
    good_block = {"kind": "block", "id": "block-3f1e6d52-8a3c-4f6e-9d7b-2a1c5e4f6a7b",
                  "organization_id": "org-00000000-0000-4000-8000-000000000000",
                  "created_at": "2025-01-01T00:00:00Z", "label": "human", "value": "v"}
    bad_identity = {"kind": "identity", "id": "identity-9b2d7c1e-4a5f-4e3d-8c2b-1a0f9e8d7c6b",
                    "organization_id": "org-00000000-0000-4000-8000-000000000000",
                    "created_at": "2025-01-01T00:00:01Z", "identifier_key": "k", "name": "n", "identity_type": "robot"}
    header = {"format": "identity-server-dump", "version": 1, "organization_id": None}
    dump.write_text("\n".join(json.dumps(x) for x in (header, good_block, bad_identity)) + "\n")
    result = run(binary, "import", str(dump), "--db", db)
    assert result.code == 1
    assert result.stderr.strip() == (
        f"identity-server import: line 3: identity {bad_identity['id']}: \"identity_type\" must be one of org, user, other")
    assert serve(db).get("/v1/blocks/count") == 0

    dump.write_text(json.dumps(dict(header, version=3)) + "\n")
    newer = run(binary, "import", str(dump), "--db", db)
    assert newer.code == 1 and "dump version 3 is not supported" in newer.stderr


def test_organizations_and_api_keys_move_with_the_dump(binary, workdir, postgres_db):
    from harness.server import ServerProcess
    from letta_api import APIError, Client

    password = "dump-test-password"
    sqlite_db = str(workdir / "tenants.db")
    with ServerProcess(binary=binary, db=sqlite_db, extra_args=["--password", password]) as server:
        admin = Client(server.base_url, password)
        org = admin.post("/v1/admin/orgs", {"name": "acme"})
        key = admin.post("/v1/admin/api-keys", {"organization_id": org["id"], "name": "svc"})
        old = admin.post("/v1/admin/api-keys", {"organization_id": org["id"], "name": "old"})
        admin.post(f"/v1/admin/api-keys/{old['id']}/revoke", {})
        tenant = Client(server.base_url, key["key"])
        identity = tenant.post("/v1/identities/", {"identifier_key": "u", "name": "U", "identity_type": "user"})

    first = workdir / "tenants.jsonl"
    assert run(binary, "export", "--db", sqlite_db, "--output", str(first)).code == 0
    kinds = [json.loads(line)["kind"] for line in first.read_bytes().splitlines()[1:]]
    assert kinds.count("organization") == 2 and kinds.count("api_key") == 2
    assert key["key"] not in first.read_text()  # only the digest leaves the database

    imported = run(binary, "import", str(first), "--db", postgres_db)
    assert imported.code == 0, imported.stdout + imported.stderr
    assert "api_keys" in imported.stdout
    second = workdir / "tenants-again.jsonl"
    assert run(binary, "export", "--db", postgres_db, "--output", str(second)).code == 0
    assert second.read_bytes() == first.read_bytes()

    with ServerProcess(binary=binary, db=postgres_db, extra_args=["--password", password]) as server:
        assert [i["id"] for i in Client(server.base_url, key["key"]).get("/v1/identities/")] == [identity["id"]]
        with pytest.raises(APIError) as refused:
            Client(server.base_url, old["key"]).get("/v1/identities/")
        assert refused.value.status == 401
