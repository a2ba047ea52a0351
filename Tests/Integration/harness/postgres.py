"""Throwaway PostgreSQL databases for servers under test.

With `IDENTITY_TEST_BACKEND=postgres` (and `IDENTITY_TEST_POSTGRES_URL`, which
`scripts/with-postgres.sh` exports) every `ServerProcess` that is not given a database
gets a fresh PostgreSQL database instead of a temporary SQLite file, so the whole
integration suite runs against PostgreSQL. Databases are created and dropped with `psql`.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid


def backend_is_postgres() -> bool:
    return os.environ.get("IDENTITY_TEST_BACKEND", "") == "postgres"


def server_url() -> str:
    """The test server's URL (its maintenance database), or an error explaining what is missing."""
    url = os.environ.get("IDENTITY_TEST_POSTGRES_URL", "")
    if not url:
        raise RuntimeError("IDENTITY_TEST_POSTGRES_URL is not set: run under scripts/with-postgres.sh")
    return url


def with_database(url: str, name: str) -> str:
    """`url` with its database name replaced by `name`."""
    match = re.match(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(\?.*)?$", url)
    if not match:
        raise ValueError("not a postgres:// URL")
    return f"{match.group(1)}/{name}{match.group(3) or ''}"


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", server_url(), "-c", sql],
                   check=True, capture_output=True, timeout=60)


def create_database() -> tuple[str, str]:
    """A new empty database: (name, URL)."""
    name = f"itest_{uuid.uuid4().hex[:16]}"
    _psql(f"CREATE DATABASE {name}")
    return name, with_database(server_url(), name)


def drop_database(name: str) -> None:
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
