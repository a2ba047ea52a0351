"""`migrate` against a Letta in password mode (scripts/with-letta.sh with WITH_LETTA_PASSWORD)."""

from __future__ import annotations

import pytest

from compare import compare
from conftest import PASSWORD, migrate, run

pytestmark = pytest.mark.password


def test_password_mode(binary, letta_url, letta, seeded, workdir, serve):
    db = str(workdir / "password.db")
    missing = migrate(binary, letta_url, db, password=None)
    assert missing.code == 1
    assert "refused the request (401)" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    wrong = migrate(binary, letta_url, db, password="not-the-password")
    assert wrong.code == 1 and "wrong or missing password" in wrong.stderr

    by_option = migrate(binary, letta_url, db)
    assert by_option.code == 0, by_option.stderr
    assert compare(letta, serve(db)) == []
    by_environment = run(binary, "migrate", "--from", letta_url, "--db", db, env={"LETTA_SOURCE_PASSWORD": PASSWORD})
    assert by_environment.code == 0, by_environment.stderr
    assert "unchanged" in by_environment.stdout
    for row in by_environment.stdout.splitlines()[1:4]:
        cells = row.split()
        assert cells[1] == cells[4], row


def test_concurrency_keeps_that_many_requests_in_flight(binary, letta_url, seeded, workdir):
    from faults import Proxy

    for option, expected in (([], 4), (["--concurrency", "1"], 1)):
        # The proxy holds each request until `expected` are held together (at most 2 s), so the
        # client's concurrent requests always meet there: a count below `expected` means the client
        # never had that many out, one above means it exceeded its limit.
        with Proxy(letta_url, delay=2.0, gather=expected) as proxy:
            result = migrate(binary, proxy.url, str(workdir / "dry.db"), "--dry-run", *option)
        assert result.code == 0, result.stderr
        assert proxy.most_in_flight == expected, (option, proxy.most_in_flight)
