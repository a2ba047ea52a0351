"""Start and stop the built identity-server binary for tests.

`ServerProcess` launches `identity-server --host 127.0.0.1 --port 0 --db <path>
--no-access-log` (a fresh PostgreSQL database instead of the SQLite file under
`IDENTITY_TEST_BACKEND=postgres`, see harness/postgres.py), waits for its single stdout line
`identity-server listening on http://HOST:PORT`, exposes `base_url`, keeps draining
its output into a log file (so a chatty server never blocks on a full pipe), and
stops it with SIGTERM, falling back to SIGKILL.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from harness import postgres

LISTENING = re.compile(r"^identity-server listening on (http://[^\s:/]+:(\d+))\s*$")
REPO_ROOT = Path(__file__).resolve().parents[3]


class ServerStartError(RuntimeError):
    """The server did not print its listening line."""


def find_binary() -> Path:
    """The identity-server binary: $IDENTITY_SERVER_BIN, else SwiftPM's bin path (not built here)."""
    explicit = os.environ.get("IDENTITY_SERVER_BIN")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise FileNotFoundError(f"IDENTITY_SERVER_BIN={explicit} does not exist")
        return path
    for config in ("debug", "release"):
        candidate = REPO_ROOT / ".build" / config / "identity-server"
        if candidate.is_file():
            return candidate
    swift = shutil.which("swift")
    if swift:
        out = subprocess.run(
            [swift, "build", "--show-bin-path"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
        )
        candidate = Path(out.stdout.strip()) / "identity-server"
        if out.returncode == 0 and candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "identity-server binary not found: run `swift build --product identity-server` "
        "or set IDENTITY_SERVER_BIN (scripts/integration-tests.sh does both)"
    )


class ServerProcess:
    """One running identity-server with its own fresh database."""

    def __init__(self, binary: Path | None = None, db: str | None = None, extra_args: list[str] | None = None,
                 log_dir: Path | None = None, start_timeout: float = 30.0) -> None:
        self.binary = Path(binary) if binary else find_binary()
        self._tmp = tempfile.TemporaryDirectory(prefix="identity-server-")
        workdir = Path(self._tmp.name)
        self._postgres_database: str | None = None
        if db is None and postgres.backend_is_postgres():
            self._postgres_database, db = postgres.create_database()
        self.db = db if db is not None else str(workdir / "test.sqlite")
        self.log_path = (log_dir or workdir) / f"server-{os.getpid()}-{id(self):x}.log"
        self.extra_args = list(extra_args or [])
        self.start_timeout = start_timeout
        self.base_url: str = ""
        self.port: int = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._drainer: threading.Thread | None = None
        self.crashed_with: int | None = None

    # -- lifecycle ----------------------------------------------------------------

    def start(self) -> "ServerProcess":
        args = [str(self.binary), "--host", "127.0.0.1", "--port", "0", "--db", self.db, "--no-access-log",
                *self.extra_args]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab", buffering=0)
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log,
            cwd=self._tmp.name, start_new_session=True,
        )
        line = self._read_listening_line()
        match = LISTENING.match(line.decode("utf-8", "replace"))
        if not match:
            self.stop()
            raise ServerStartError(f"unexpected first stdout line {line!r}; log: {self.log_text()[-2000:]}")
        self.base_url, self.port = match.group(1), int(match.group(2))
        if not self.base_url.startswith("http://127.0.0.1:"):
            self.stop()
            raise ServerStartError(f"server must listen on 127.0.0.1, got {self.base_url}")
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        return self

    def _read_listening_line(self) -> bytes:
        assert self.process and self.process.stdout
        result: list[bytes] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if not result:
            self.stop()
            raise ServerStartError(
                f"no listening line within {self.start_timeout}s; log: {self.log_text()[-2000:]}")
        if not result[0]:
            code = self.process.wait(5)
            raise ServerStartError(f"server exited with {code} before listening; log: {self.log_text()[-2000:]}")
        return result[0]

    def _drain(self) -> None:
        assert self.process and self.process.stdout
        for chunk in iter(lambda: self.process.stdout.read1(65536), b""):
            self._log.write(chunk)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, wait, then SIGKILL. Returns the exit code. Records a crash
        (process gone before we stopped it) in `crashed_with`."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is not None:
            if self.crashed_with is None and self.base_url:
                self.crashed_with = code
        else:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                code = self.process.wait(timeout)
        if self._drainer:
            self._drainer.join(5)
        if self.process.stdout:
            self.process.stdout.close()
        self._log.close()
        return code

    def log_text(self) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")
        except OSError:
            return ""

    def cleanup(self) -> None:
        self._tmp.cleanup()
        if self._postgres_database:
            postgres.drop_database(self._postgres_database)
            self._postgres_database = None

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.cleanup()
