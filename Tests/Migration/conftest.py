"""Fixtures of the migration tests: the real Letta from scripts/with-letta.sh (`LETTA_URL`,
`LETTA_PASSWORD`), seeded once per session, and helpers that run `identity-server migrate`,
`export` and `import` and start servers on the migrated databases.

Seed sizes: MIGRATION_SEED="identities,blocks,agents" (default 300,300,60: agent creation in
Letta takes about 0.3 s each, so fewer agents than the rest)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import postgres
from harness.server import ServerProcess, find_binary
from letta_api import Client
from seed_letta import seed

PASSWORD = os.environ.get("LETTA_PASSWORD") or None


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="this Letta runs in password mode" if PASSWORD else "this Letta has no password")
    for item in items:
        if ("password" in item.keywords and not PASSWORD) or ("plain" in item.keywords and PASSWORD):
            item.add_marker(skip)


@dataclass
class Run:
    """One finished `identity-server` subcommand."""

    code: int
    stdout: str
    stderr: str
    seconds: float

    def table(self) -> dict[str, dict[str, int]]:
        """The summary table: kind -> column -> number."""
        lines = self.stdout.splitlines()
        header = lines[0].split()
        assert header[0] == "kind", self.stdout
        names = ["source", "created", "updated", "unchanged", "skipped"]
        result = {}
        for line in lines[1:4]:
            cells = line.split()
            result[cells[0]] = dict(zip(names, map(int, cells[1:])))
        return result


@pytest.fixture(scope="session")
def binary() -> Path:
    return find_binary()


@pytest.fixture(scope="session")
def letta_url() -> str:
    url = os.environ.get("LETTA_URL")
    if not url:
        pytest.skip("LETTA_URL is not set: run under scripts/with-letta.sh")
    return url


@pytest.fixture(scope="session")
def letta(letta_url) -> Client:
    return Client(letta_url, PASSWORD)


@pytest.fixture(scope="session")
def seeded(letta) -> dict:
    identities, blocks, agents = (int(n) for n in os.environ.get("MIGRATION_SEED", "300,300,60").split(","))
    result = seed(letta, identities, blocks, agents, prefix=f"run{os.getpid()}_")
    print(f"\nseeded Letta: {identities} identities, {blocks} blocks, {agents} agents, "
          f"{result['identity_block_links']} identity-block links in {result['seconds']:.1f} s {result['timings']}")
    return result


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="migration-") as path:
        yield Path(path)


def run(binary: Path, *args: str, env: dict | None = None, timeout: float = 900) -> Run:
    started = time.monotonic()
    done = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def migrate(binary: Path, letta_url: str, db: str, *extra: str, password: str | None = PASSWORD) -> Run:
    args = ["migrate", "--from", letta_url, "--db", db, *extra]
    if password:
        args += ["--letta-password", password]
    return run(binary, *args)


@pytest.fixture
def postgres_db():
    """A fresh PostgreSQL database URL (skips without scripts/with-postgres.sh)."""
    if not os.environ.get("IDENTITY_TEST_POSTGRES_URL"):
        pytest.skip("IDENTITY_TEST_POSTGRES_URL is not set: run under scripts/with-postgres.sh")
    name, url = postgres.create_database()
    yield url
    postgres.drop_database(name)


@pytest.fixture
def serve(binary):
    """Starts identity-server on a database; stops every server at the end of the test."""
    servers: list[ServerProcess] = []

    def start(db: str) -> Client:
        server = ServerProcess(binary=binary, db=db).start()
        servers.append(server)
        return Client(server.base_url)

    yield start
    for server in servers:
        server.stop()
        server.cleanup()
