#!/usr/bin/env python3
"""Durability under a crash (SIGKILL) or a graceful stop (SIGTERM) in the middle of load.

Starts identity-server on a fresh database file, sends `--creates` concurrent
`POST /v1/identities/` from `--threads` keep-alive connections, and once a fraction of them
were acknowledged sends the signal. Then checks:

- SIGKILL: `PRAGMA integrity_check` is ok, and after a restart on the same file every create
  that got a 2xx is there (GET by id, same identifier_key), and the count is between the
  acknowledged and the attempted creates.
- SIGTERM: the same, plus the server exits 0, no response was half-written (each was complete
  JSON, or the connection ended before any byte), and the WAL was checkpointed away.

Standard library only. Exit status 0 when every check passes. Example:
    python3 Tests/Operations/crash_test.py --signal KILL --creates 3000 --threads 16
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from ops_harness import Client, HalfWritten, Server, Unanswered, find_binary, sqlite_integrity


class Load:
    """The concurrent creates and what became of each."""

    def __init__(self, port: int, creates: int, threads: int) -> None:
        self.port, self.creates, self.thread_count = port, creates, threads
        self.numbers = itertools.count()
        self.lock = threading.Lock()
        self.acknowledged: dict[str, str] = {}  # identity id -> identifier_key
        self.attempted = 0
        self.unanswered = 0
        self.half_written: list[str] = []
        self.unexpected: list[str] = []
        self.stop = threading.Event()
        self.progress = threading.Condition(self.lock)

    def run_worker(self) -> None:
        client = Client(self.port)
        consecutive_failures = 0
        while not self.stop.is_set():
            with self.lock:
                number = next(self.numbers)
                if number >= self.creates:
                    break
                self.attempted += 1
            key = f"crash-{number}"
            try:
                status, body = client.request(
                    "POST", "/v1/identities/", {"identifier_key": key, "name": f"Crash {number}", "identity_type": "user"})
            except Unanswered:
                consecutive_failures += 1
                with self.lock:
                    self.unanswered += 1
                if consecutive_failures >= 3:
                    break  # the server is gone: connections are refused
                continue
            except HalfWritten as error:
                with self.lock:
                    self.half_written.append(str(error))
                continue
            consecutive_failures = 0
            try:
                document = json.loads(body)
            except ValueError:
                with self.lock:
                    self.half_written.append(f"status {status} with a body that is not JSON: {body[:120]!r}")
                continue
            with self.progress:
                if 200 <= status < 300 and document.get("identifier_key") == key and "id" in document:
                    self.acknowledged[document["id"]] = key
                    self.progress.notify_all()
                else:
                    self.unexpected.append(f"{status} {body[:200]!r}")
        client.close()

    def start(self) -> list[threading.Thread]:
        workers = [threading.Thread(target=self.run_worker, daemon=True) for _ in range(self.thread_count)]
        for worker in workers:
            worker.start()
        return workers

    def wait_for_acknowledged(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.progress:
            while len(self.acknowledged) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.progress.wait(remaining)
        return True


def verify_after_restart(server: Server, acknowledged: dict[str, str], attempted: int) -> tuple[int, list[str]]:
    """(acknowledged creates found, problems): every acknowledged create must be present and the
    count within [acknowledged, attempted]."""
    problems: list[str] = []
    client = Client(server.port)
    missing = 0
    for identity_id, key in acknowledged.items():
        status, body = client.request("GET", f"/v1/identities/{identity_id}")
        if status != 200 or json.loads(body).get("identifier_key") != key:
            missing += 1
            if missing <= 5:
                problems.append(f"acknowledged {identity_id} ({key}) missing after restart: {status} {body[:120]!r}")
    if missing:
        problems.append(f"{missing} of {len(acknowledged)} acknowledged creates missing after restart")
    status, body = client.request("GET", "/v1/identities/count")
    count = int(body) if status == 200 else -1
    if not len(acknowledged) <= count <= attempted:
        problems.append(f"count after restart is {count}, expected between {len(acknowledged)} and {attempted}")
    client.close()
    return len(acknowledged) - missing, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signal", choices=["KILL", "TERM"], default="KILL")
    parser.add_argument("--creates", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--at", type=float, default=0.6, help="fraction of creates acknowledged before the signal")
    parser.add_argument("--sync", choices=["normal", "full"], default="normal")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--binary")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    binary = find_binary(args.binary)
    started = time.monotonic()

    workdir = Path(tempfile.mkdtemp(prefix="identity-crash-"))
    db = workdir / "crash.sqlite"
    log = workdir / "server.log"
    extra = ["--no-access-log", "--workers", str(args.workers), "--sync", args.sync]
    server = Server(binary, db, log, extra).start()
    load = Load(server.port, args.creates, args.threads)
    workers = load.start()
    threshold = max(1, int(args.creates * args.at))
    problems: list[str] = []
    if not load.wait_for_acknowledged(threshold, timeout=60):
        problems.append(f"only {len(load.acknowledged)} creates acknowledged within 60 s; wanted {threshold} before the signal")
    signal_number = signal.SIGKILL if args.signal == "KILL" else signal.SIGTERM
    server.signal(signal_number)
    exit_code = server.wait(timeout=60)
    for worker in workers:
        worker.join(timeout=30)
    load.stop.set()
    with load.lock:
        acknowledged = dict(load.acknowledged)
        attempted, unanswered = load.attempted, load.unanswered
        half_written, unexpected = list(load.half_written), list(load.unexpected)

    if args.signal == "TERM":
        if exit_code != 0:
            problems.append(f"server exited {exit_code} after SIGTERM, expected 0")
        if half_written:
            problems.append(f"{len(half_written)} half-written responses, e.g. {half_written[0]}")
        wal = db.with_name(db.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            problems.append(f"WAL left behind after a graceful stop: {wal.stat().st_size} bytes")
    elif exit_code != -signal.SIGKILL:
        problems.append(f"server exit status {exit_code}, expected death by SIGKILL")
    if unexpected:
        problems.append(f"{len(unexpected)} unexpected answers, e.g. {unexpected[0]}")
    if attempted >= args.creates and unanswered == 0:
        problems.append("every create finished before the signal: raise --creates or lower --at")

    integrity = sqlite_integrity(db)
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")

    restarted = Server(binary, db, log, extra).start()
    try:
        found, found_problems = verify_after_restart(restarted, acknowledged, attempted)
        problems += found_problems
    finally:
        stop_code = restarted.stop()
    if stop_code != 0:
        problems.append(f"restarted server exited {stop_code} after SIGTERM, expected 0")

    elapsed = time.monotonic() - started
    print(f"crash test (SIG{args.signal}, sync={args.sync}): {attempted} creates sent by {args.threads} threads, "
          f"{len(acknowledged)} acknowledged, {unanswered} unanswered, {len(half_written)} half-written; "
          f"after restart {found} of {len(acknowledged)} "
          f"acknowledged found; integrity_check {integrity}; {elapsed:.1f} s")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems or args.keep:
        print(f"files kept in {workdir}", file=sys.stderr)
    else:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
