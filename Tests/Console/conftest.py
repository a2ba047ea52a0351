"""Fixtures of the console tests: identity-server processes (open and password mode) on
temporary databases, a headless Chromium driven by Selenium, and a small JSON client that
checks every step through the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Operations"))
from ops_harness import Server, find_binary  # noqa: E402

PASSWORD = "console-test-password"
CROSS_ORIGIN_PORT_ENV = "CONSOLE_CROSS_ORIGIN"
SCREENSHOTS = Path(os.environ.get("CONSOLE_SCREENSHOTS", Path(__file__).resolve().parents[2] / ".build" / "console-screenshots"))


class API:
    """JSON over HTTP against one server, with an optional bearer token. Answers are (status,
    headers with lowercase names, body: decoded JSON, else text, None when empty)."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: object | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], object]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        lowered = {name.lower(): value for name, value in headers.items()}
        if not raw:
            return status, lowered, None
        if lowered.get("content-type", "").startswith("application/json"):
            return status, lowered, json.loads(raw)
        return status, lowered, raw.decode(errors="replace")

    def get(self, path: str) -> object:
        status, _, body = self.call("GET", path)
        assert status == 200, f"GET {path}: {status} {body}"
        return body


def start_server(tmp: Path, name: str, extra: list[str] | None = None, env: dict[str, str] | None = None) -> Server:
    """A server on a fresh database: a SQLite file in `tmp`, or, when IDENTITY_TEST_POSTGRES_URL
    is set (scripts/with-postgres.sh), a new database `console_<name>` in that cluster."""
    binary = find_binary(None)
    arguments = list(extra or [])
    cluster = os.environ.get("IDENTITY_TEST_POSTGRES_URL")
    if cluster:
        database = f"console_{name}"
        subprocess.run(["psql", cluster, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"DROP DATABASE IF EXISTS {database}",
                        "-c", f"CREATE DATABASE {database}"], check=True, capture_output=True, timeout=60)
        arguments = ["--db", cluster.rsplit("/", 1)[0] + "/" + database, *arguments]
    return Server(binary, tmp / f"{name}.db", tmp / f"{name}.log", extra=arguments, env=env).start()


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="identity-console-") as directory:
        yield Path(directory)


@pytest.fixture(scope="session")
def cross_origin(workdir):
    """A second origin (a static page server on another loopback port) for browser CORS tests."""
    import http.server
    import threading

    root = workdir / "other-origin"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>other origin</title><p>other origin</p>")
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(root))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def open_server(workdir, cross_origin):
    server = start_server(workdir, "open", extra=["--cors-origins", cross_origin])
    yield f"http://127.0.0.1:{server.port}"
    assert server.stop() == 0


@pytest.fixture(scope="session")
def password_server(workdir, cross_origin):
    server = start_server(workdir, "password", env={"LETTA_SERVER_PASSWORD": PASSWORD, "ACCEPTABLE_ORIGINS": cross_origin})
    yield f"http://127.0.0.1:{server.port}"
    assert server.stop() == 0


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    service = Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture()
def fresh_tab(browser):
    """The browser with an empty session: a new tab's sessionStorage is empty."""
    browser.delete_all_cookies()
    yield browser
    try:
        browser.execute_script("window.sessionStorage.clear()")
    except Exception:  # noqa: BLE001 - a page without storage access (about:blank)
        pass


def screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
