"""Fixtures of the integration suite.

* `server` (one per test module) / `fresh_server` (one per test): a running
  identity-server on a free loopback port with a fresh temporary SQLite database.
* `api` / `fresh_api`: an `ApiContext` bundling the server with an OpenAPI response
  checker built from the server's own `GET /openapi.json`, and factories for raw httpx
  clients and both Letta SDK generations whose every response is schema-checked.
* An autouse fixture fails the test when any response it (or the fixtures it used)
  received violates the document.

Which SDK directory is collected depends on the installed `letta-client`:
1.x (Stainless) collects `stainless/`, 0.x (Fern) collects `fern/`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterator

import httpx
import pytest

pytest.register_assert_rewrite("harness.expectations")

from harness.openapi_check import OpenAPIResponseChecker
from harness.server import REPO_ROOT, ServerProcess, find_binary

HERE = Path(__file__).resolve().parent
REPO_OPENAPI = REPO_ROOT / "openapi" / "openapi.json"
LOG_DIR = Path(os.environ.get("INTEGRATION_LOG_DIR", REPO_ROOT / ".build" / "integration-logs"))


def _letta_client_generation() -> str | None:
    try:
        version = metadata.version("letta-client")
    except metadata.PackageNotFoundError:
        return None
    return "fern" if version.startswith("0.") else "stainless"


GENERATION = _letta_client_generation()
collect_ignore_glob = [f"{name}/*" for name in ("stainless", "fern") if name != GENERATION]

_ACTIVE_CHECKERS: list[OpenAPIResponseChecker] = []
_PENDING_VIOLATIONS: list = []  # from checkers of servers already stopped
_CHECKED_RESPONSES = [0]  # responses validated by checkers of servers already stopped


@dataclass
class ApiContext:
    """A running server plus schema-checked client factories."""

    server: ServerProcess
    checker: OpenAPIResponseChecker
    document_source: str
    _clients: list = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def http(self, follow_redirects: bool = False, **kwargs) -> httpx.Client:
        client = self.checker.new_client(self.base_url, follow_redirects=follow_redirects, **kwargs)
        self._clients.append(client)
        return client

    def stainless(self, **kwargs):
        from letta_client import Letta

        http_client = self.http(follow_redirects=True)
        return Letta(base_url=self.base_url, http_client=http_client, max_retries=0,
                     _strict_response_validation=True, **kwargs)

    def fern(self, **kwargs):
        from letta_client import Letta

        http_client = self.http(follow_redirects=True)
        return Letta(base_url=self.base_url, httpx_client=http_client, **kwargs)

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()


def _load_document(base_url: str) -> tuple[dict, str]:
    try:
        response = httpx.get(f"{base_url}/openapi.json", timeout=10)
        if response.status_code == 200:
            return response.json(), "server"
    except (httpx.HTTPError, json.JSONDecodeError):
        pass
    # The dedicated test in raw/test_openapi_document.py fails in this case.
    return json.loads(REPO_OPENAPI.read_text("utf-8")), "repository"


def _start_context() -> ApiContext:
    server = ServerProcess(binary=find_binary(), log_dir=LOG_DIR).start()
    document, source = _load_document(server.base_url)
    checker = OpenAPIResponseChecker(document)
    _ACTIVE_CHECKERS.append(checker)
    return ApiContext(server=server, checker=checker, document_source=source)


def _stop_context(ctx: ApiContext) -> None:
    ctx.close()
    crashed = not ctx.server.is_running()
    ctx.server.stop()
    ctx.server.cleanup()
    if ctx.checker in _ACTIVE_CHECKERS:
        _ACTIVE_CHECKERS.remove(ctx.checker)
    _PENDING_VIOLATIONS.extend(ctx.checker.take_violations())
    _CHECKED_RESPONSES[0] += ctx.checker.checked
    if crashed:
        pytest.fail(f"identity-server died during the tests (exit {ctx.server.crashed_with}); "
                    f"log {ctx.server.log_path}:\n{ctx.server.log_text()[-3000:]}")


@pytest.fixture(scope="module")
def api() -> Iterator[ApiContext]:
    ctx = _start_context()
    yield ctx
    _stop_context(ctx)


@pytest.fixture
def fresh_api() -> Iterator[ApiContext]:
    """A server of its own, for tests that need an empty database."""
    ctx = _start_context()
    yield ctx
    _stop_context(ctx)


@pytest.fixture(autouse=True)
def _responses_conform_to_openapi() -> Iterator[None]:
    yield
    violations = [v for checker in _ACTIVE_CHECKERS for v in checker.take_violations()]
    violations += _PENDING_VIOLATIONS
    _PENDING_VIOLATIONS.clear()
    if violations:
        listing = "\n".join(f"  - {v}" for v in violations[:20])
        more = f"\n  ... and {len(violations) - 20} more" if len(violations) > 20 else ""
        pytest.fail(f"{len(violations)} response(s) violate the server's /openapi.json:\n{listing}{more}",
                    pytrace=False)


def pytest_terminal_summary(terminalreporter) -> None:
    checked = _CHECKED_RESPONSES[0] + sum(c.checked for c in _ACTIVE_CHECKERS)
    terminalreporter.write_line(f"openapi response checks: {checked} responses validated against /openapi.json")
