"""Fixtures of the PostgreSQL multi-instance and fault tests.

They need a PostgreSQL server (`IDENTITY_TEST_POSTGRES_URL`, as exported by
`scripts/with-postgres.sh`) and are skipped without one. Each test module gets a fresh
database; `two_servers` starts two identity-server processes on it at the same moment
(so they also race on migrating the empty database).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from harness import postgres
from harness.server import REPO_ROOT, ServerProcess, find_binary

LOG_DIR = Path(os.environ.get("INTEGRATION_LOG_DIR", REPO_ROOT / ".build" / "integration-logs"))

if not os.environ.get("IDENTITY_TEST_POSTGRES_URL"):
    pytest.skip("IDENTITY_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)", allow_module_level=True)


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    name, url = postgres.create_database()
    yield url
    postgres.drop_database(name)


def start_servers(url: str, count: int) -> list[ServerProcess]:
    """`count` servers on one database, started at the same moment."""
    servers = [ServerProcess(binary=find_binary(), db=url, log_dir=LOG_DIR) for _ in range(count)]
    errors: list[BaseException] = []

    def start(server: ServerProcess) -> None:
        try:
            server.start()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        for server in servers:
            server.stop()
            server.cleanup()
        raise errors[0]
    return servers


@pytest.fixture(scope="module")
def two_servers(database_url: str) -> Iterator[list[ServerProcess]]:
    servers = start_servers(database_url, 2)
    yield servers
    for server in servers:
        crashed = not server.is_running()
        server.stop()
        server.cleanup()
        assert not crashed, f"identity-server died: {server.log_text()[-2000:]}"


@pytest.fixture()
def clients(two_servers: list[ServerProcess]) -> Iterator[list[httpx.Client]]:
    made = [httpx.Client(base_url=server.base_url, timeout=30, follow_redirects=True) for server in two_servers]
    yield made
    for client in made:
        client.close()
