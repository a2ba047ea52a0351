#!/usr/bin/env python3
"""`identity-server backup` under load (standard library only).

Writers on several keep-alive connections create identities without pause; once some are
acknowledged the test notes them and runs `identity-server backup --db LIVE --to COPY` while
the writers go on, then `--to -` into a file. Each copy must pass `PRAGMA integrity_check`,
leave no temporary file behind, and a server started on it must have every identity
acknowledged before the backup began. Also: `backup` refuses a postgres:// database with a
pointer to pg_dump, and the writers' worst latency during the backup is reported.

    python3 Tests/Operations/backup_test.py [--binary PATH] [--sync normal|full]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from ops_harness import Client, Server, Unanswered, check, failures, sqlite_integrity, test_arguments

THREADS = 8
PER_THREAD = 1500


class Writers:
    """Threads creating identities until stopped; records acknowledged ids and latencies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.latencies: list[tuple[float, float]] = []  # (start, seconds)
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(THREADS)]

    def run(self) -> None:
        client = Client(self.port)
        for _ in range(PER_THREAD):
            if self.stop.is_set():
                break
            started = time.monotonic()
            try:
                status, body = client.request("POST", "/v1/identities/", {
                    "identifier_key": f"backup-{uuid.uuid4().hex}", "name": "B", "identity_type": "user"})
            except Unanswered as error:
                with self.lock:
                    self.errors.append(str(error))
                continue
            elapsed = time.monotonic() - started
            with self.lock:
                self.latencies.append((started, elapsed))
                if status == 200:
                    self.acknowledged.append(json.loads(body)["id"])
                else:
                    self.errors.append(f"{status} {body[:100]!r}")
        client.close()

    def snapshot(self) -> list[str]:
        with self.lock:
            return list(self.acknowledged)

    def worst_latency(self, start: float, end: float) -> float:
        with self.lock:
            return max((seconds for begun, seconds in self.latencies if start <= begun <= end), default=0.0)


def verify_copy(binary: Path, copy: Path, expected: list[str], label: str, workdir: Path) -> None:
    check(sqlite_integrity(copy) == "ok", f"{label}: PRAGMA integrity_check ok")
    leftovers = [p.name for p in copy.parent.iterdir() if p.name.startswith(copy.name + ".") or ".tmp" in p.name]
    check(not leftovers, f"{label}: no temporary or half-written file left ({leftovers})")
    server = Server(binary, copy, workdir / f"{label}.log").start()
    try:
        client = Client(server.port)
        missing = [i for i in expected if client.request("GET", f"/v1/identities/{i}")[0] != 200]
        status, body = client.request("GET", "/v1/identities/count")
        total = json.loads(body) if status == 200 else -1
        check(not missing, f"{label}: all {len(expected)} identities acknowledged before the backup are in it "
              f"({len(missing)} missing; copy holds {total})")
    finally:
        check(server.stop() == 0, f"{label}: server on the copy stops cleanly")


def main() -> int:
    args, binary = test_arguments(__doc__)
    workdir = Path(tempfile.mkdtemp(prefix="identity-backup-"))
    live = workdir / "live.sqlite"

    refused = subprocess.run([str(binary), "backup", "--db", "postgres://u@127.0.0.1/x", "--to", str(workdir / "pg")],
                             capture_output=True, text=True, timeout=30)
    check(refused.returncode == 2 and "pg_dump" in refused.stderr, f"backup of postgres:// refused with a pointer to "
          f"pg_dump ({refused.returncode}: {refused.stderr.strip()[:160]})")
    missing_to = subprocess.run([str(binary), "backup", "--db", str(live)], capture_output=True, text=True, timeout=30)
    check(missing_to.returncode == 2 and "--to" in missing_to.stderr, "backup without --to exits 2 naming --to")

    server = Server(binary, live, workdir / "live.log", ["--sync", args.sync]).start()
    writers = Writers(server.port)
    try:
        for thread in writers.threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(writers.snapshot()) < 1500 and time.monotonic() < deadline:
            time.sleep(0.02)
        before = writers.snapshot()
        copy = workdir / "copy.sqlite"
        began = time.monotonic()
        result = subprocess.run([str(binary), "backup", "--db", str(live), "--to", str(copy)],
                                capture_output=True, text=True, timeout=120)
        ended = time.monotonic()
        during = len(writers.snapshot()) - len(before)
        check(result.returncode == 0 and copy.is_file(), f"backup exit 0 ({result.returncode}: {result.stderr.strip()[:200]})")
        print(f"     backup took {ended - began:.2f} s with {THREADS} writers; {during} creates acknowledged meanwhile; "
              f"worst create latency during it {writers.worst_latency(began, ended) * 1000:.0f} ms")
        check(during > 0, "writers kept being answered while the backup ran")
        streamed = workdir / "streamed.sqlite"
        before_stream = writers.snapshot()
        with open(streamed, "wb") as out:
            piped = subprocess.run([str(binary), "backup", "--db", str(live), "--to", "-"], stdout=out,
                                   stderr=subprocess.PIPE, text=False, timeout=120)
        check(piped.returncode == 0 and streamed.stat().st_size > 0, f"backup --to - exit 0 ({piped.returncode})")
        writers.stop.set()
        for thread in writers.threads:
            thread.join(timeout=60)
    finally:
        writers.stop.set()
        check(server.stop() == 0, "live server stops cleanly")
    check(not writers.errors, f"no write failed during backups ({writers.errors[:3]})")
    verify_copy(binary, copy, before, "copy", workdir)
    verify_copy(binary, streamed, before_stream, "streamed", workdir)
    print(f"backup test (sync={args.sync}): {len(before)} acknowledged before the backup, "
          f"{len(writers.acknowledged)} in all; {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
