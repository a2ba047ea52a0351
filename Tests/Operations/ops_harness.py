"""Shared pieces of the operations tests (standard library only): find and start the
identity-server binary, and a raw HTTP/1.1 client that tells a complete response from a
half-written one."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(rb"^identity-server listening on http://[^\s]+:(\d+)\s*$")


def find_binary(explicit: str | None) -> Path:
    """--binary, else $IDENTITY_SERVER_BIN, else SwiftPM's debug then release build."""
    for candidate in (explicit, os.environ.get("IDENTITY_SERVER_BIN")):
        if candidate:
            path = Path(candidate)
            if not path.is_file():
                raise SystemExit(f"no identity-server binary at {path}")
            return path
    for config in ("debug", "release"):
        path = REPO_ROOT / ".build" / config / "identity-server"
        if path.is_file():
            return path
    raise SystemExit("identity-server not built: run `swift build --product identity-server` or pass --binary")


class Server:
    """One identity-server process on a database file; stderr goes to `log_path`."""

    def __init__(self, binary: Path, db: Path, log_path: Path, extra: list[str] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.binary, self.db, self.log_path = binary, db, log_path
        self.extra = list(extra or [])
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self, timeout: float = 30.0) -> "Server":
        args = [str(self.binary), "--host", "127.0.0.1", "--port", "0", "--db", str(self.db), *self.extra]
        env = dict(os.environ)
        for name in [n for n in env if n.startswith("IDENTITY_SERVER_") or n.startswith("LETTA_SERVER_")]:
            del env[name]
        env.update(self.env or {})
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, env=env)
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            match = LISTENING.match(line)
            if match:
                self.port = int(match.group(1))
                threading.Thread(target=self._drain, daemon=True).start()
                return self
        code = self.process.poll()
        raise RuntimeError(f"server did not start (exit {code}, last line {line!r}); see {self.log_path}")

    def _drain(self) -> None:
        assert self.process and self.process.stdout
        for _ in self.process.stdout:
            pass

    def signal(self, number: int) -> None:
        assert self.process
        self.process.send_signal(number)

    def wait(self, timeout: float) -> int:
        assert self.process
        return self.process.wait(timeout=timeout)

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 20 s; returns the exit code."""
        if not self.process or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.terminate()
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)


class Unanswered(Exception):
    """The connection failed before any byte of the response arrived."""


class HalfWritten(Exception):
    """Some bytes of a response arrived, then the connection ended."""

    def __init__(self, received: bytes) -> None:
        super().__init__(f"{len(received)} bytes of an incomplete response: {received[:120]!r}")
        self.received = received


class Client:
    """A keep-alive HTTP/1.1 connection that reads responses by Content-Length."""

    def __init__(self, port: int, timeout: float = 15.0) -> None:
        self.port, self.timeout = port, timeout
        self.sock: socket.socket | None = None

    def close(self) -> None:
        if self.sock:
            self.sock.close()
            self.sock = None

    def request(self, method: str, path: str, body: object | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """(status, body) of a complete response; raises Unanswered or HalfWritten otherwise."""
        payload = b"" if body is None else json.dumps(body).encode()
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(payload)}"]
        if body is not None:
            head.append("Content-Type: application/json")
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        data = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
        try:
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.sock.sendall(data)
        except OSError as error:
            self.close()
            raise Unanswered(str(error)) from error
        received = b""
        try:
            while b"\r\n\r\n" not in received:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                received += chunk
            header_end = received.index(b"\r\n\r\n") + 4
            lines = received[:header_end].decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            fields = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip()
                      for line in lines[1:] if ":" in line}
            length = int(fields.get("content-length", "0"))
            while len(received) - header_end < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                received += chunk
        except (OSError, EOFError) as error:
            self.close()
            if received:
                raise HalfWritten(received) from error
            raise Unanswered(str(error)) from error
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, received[header_end:header_end + length]


def sqlite_integrity(db: Path) -> str:
    """`PRAGMA integrity_check` by the sqlite3 command-line tool (Python's module if it is missing)."""
    if shutil.which("sqlite3"):
        result = subprocess.run(["sqlite3", str(db), "PRAGMA integrity_check;"], capture_output=True, text=True, timeout=60)
        return (result.stdout + result.stderr).strip()
    import sqlite3
    with sqlite3.connect(db) as connection:
        return "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


failures: list[str] = []


def check(condition: bool, message: str) -> None:
    """Prints `ok` or `FAIL` with the message; failures are kept in `failures`."""
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def test_arguments(description: str | None, with_sync: bool = True) -> tuple[object, Path]:
    """--binary (and --sync normal|full) parsed, and the binary found."""
    import argparse
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--binary")
    if with_sync:
        parser.add_argument("--sync", default="normal", choices=["normal", "full"])
    args = parser.parse_args()
    return args, find_binary(args.binary)
