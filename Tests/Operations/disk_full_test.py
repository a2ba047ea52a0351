#!/usr/bin/env python3
"""A full disk, a read-only file system and a removed database under a running server
(standard library only; needs root to mount a tmpfs, else it skips with a message).

The database lives on a small tmpfs that the test mounts, next to a ballast file. Creates
with large properties fill it until writes fail; then writes must answer 507 saying the
disk is full (never a 500), reads, counts, health must keep answering and readiness must be
503; exactly one log line reports the episode. Deleting the ballast frees space: writes work
again without a restart, readiness is 200, one line reports the recovery. After a clean stop
the file passes `PRAGMA integrity_check` and a restarted server has every acknowledged
identity. Then the tmpfs is remounted read-only (the server refuses to start, saying so), and the
database file is removed under the server (writes 503 in words, no crash).

    python3 Tests/Operations/disk_full_test.py [--binary PATH] [--sync normal|full]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from ops_harness import Client, Server, check, failures, sqlite_integrity, test_arguments

TMPFS_SIZE = "8m"
BALLAST_BYTES = 3 * 1024 * 1024


def create(client: Client, value_bytes: int) -> tuple[int, dict, str]:
    key = f"full-{uuid.uuid4().hex}"
    status, body = client.request("POST", "/v1/identities/", {
        "identifier_key": key, "name": "Full", "identity_type": "user",
        "properties": [{"key": "blob", "value": "x" * value_bytes, "type": "string"}] if value_bytes else []})
    try:
        decoded = json.loads(body) if body else {}
    except ValueError:
        decoded = {"raw": body[:200].decode("latin-1")}
    return status, decoded, key


def concurrent_creates(port: int, threads: int, each: int) -> list[int]:
    """Statuses of `threads` × `each` creates sent at once from separate connections."""
    statuses: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        client = Client(port)
        for _ in range(each):
            status = create(client, 4096)[0]
            with lock:
                statuses.append(status)
        client.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return statuses


def log_lines(path: Path, needle: str) -> int:
    return sum(1 for line in path.read_text(errors="replace").splitlines() if needle in line)


def fill_until_full(client: Client, acknowledged: dict[str, str]) -> tuple[int, dict]:
    """Creates 64 KiB identities until one fails; returns that failure."""
    for _ in range(400):
        status, body, key = create(client, 64 * 1024)
        if status != 200:
            return status, body
        acknowledged[body["id"]] = key
    return 200, {}


def full_disk(binary: Path, mount: Path, sync: str, workdir: Path) -> None:
    ballast = mount / "ballast"
    ballast.write_bytes(b"\0" * BALLAST_BYTES)
    db = mount / "full.sqlite"
    log = workdir / f"full-{sync}.log"
    server = Server(binary, db, log, ["--sync", sync]).start()
    acknowledged: dict[str, str] = {}
    try:
        client = Client(server.port)
        status, body = fill_until_full(client, acknowledged)
        detail = str(body.get("detail", ""))
        check(status == 507 and "disk is full" in detail.lower(),
              f"first failed write after {len(acknowledged)} creates: 507 saying the disk is full ({status} {body})")
        statuses = [create(client, 64 * 1024)[0] for _ in range(5)] + [create(client, 0)[0] for _ in range(3)]
        check(all(s in (503, 507) for s in statuses), f"further writes while full: 507/503 ({statuses})")
        concurrent = concurrent_creates(server.port, threads=8, each=5)
        check(len(concurrent) == 40 and all(s in (503, 507) for s in concurrent),
              f"40 concurrent writes while full (group commit): every one answered 507/503 ({sorted(set(concurrent))})")
        some = list(acknowledged)[:: max(1, len(acknowledged) // 10)]
        check(all(client.request("GET", f"/v1/identities/{i}")[0] == 200 for i in some), f"reads answer while full ({len(some)} ids)")
        status, body = client.request("GET", "/v1/identities/count")
        check(status == 200 and json.loads(body) == len(acknowledged),
              f"count answers while full and equals the acknowledged creates ({status} {body!r} vs {len(acknowledged)})")
        check(client.request("GET", "/v1/health/")[0] == 200, "health answers while full")
        status, body = client.request("GET", "/v1/ready/")
        check(status == 503 and "disk is full" in body.decode().lower(), f"readiness 503 while full ({status} {body!r})")
        check(log_lines(log, "disk is full") == 1, f"one log line for the episode ({log_lines(log, 'disk is full')})")

        ballast.unlink()
        recovered = []
        for _ in range(20):
            status, body, key = create(client, 1024)
            recovered.append(status)
            if status == 200:
                acknowledged[body["id"]] = key
                break
            time.sleep(0.2)
        check(recovered[-1] == 200 and len(recovered) <= 2, f"space freed: writes work again without a restart ({recovered})")
        for _ in range(5):
            status, body, key = create(client, 1024)
            if status == 200:
                acknowledged[body["id"]] = key
        status, _ = client.request("GET", "/v1/ready/")
        check(status == 200, f"readiness 200 after recovery ({status})")
        check(log_lines(log, "writable again") == 1, "one log line for the recovery")
    finally:
        check(server.stop() == 0, "server stops cleanly (exit 0)")
    check(sqlite_integrity(db) == "ok", "integrity_check ok after the episode")
    server = Server(binary, db, log, ["--sync", sync]).start()
    try:
        client = Client(server.port)
        missing = [i for i in acknowledged if client.request("GET", f"/v1/identities/{i}")[0] != 200]
        status, body = client.request("GET", "/v1/identities/count")
        check(not missing and json.loads(body) == len(acknowledged),
              f"after restart: all {len(acknowledged)} acknowledged creates present ({len(missing)} missing), nothing else")
    finally:
        server.stop()
    print(f"     full disk (sync={sync}): {len(acknowledged)} acknowledged creates kept")
    db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def read_only(binary: Path, mount: Path, workdir: Path) -> None:
    """Linux refuses to remount read-only while the server holds the files open for writing,
    so the read-only case is the start: a clear refusal, then a normal start once writable."""
    db = mount / "ro.sqlite"
    log = workdir / "ro.log"
    server = Server(binary, db, log).start()
    try:
        check(create(Client(server.port), 0)[0] == 200, "write before the file system turns read-only")
    finally:
        check(server.stop() == 0, "server stops cleanly before the remount")
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    try:
        result = subprocess.run([str(binary), "--port", "0", "--db", str(db)], capture_output=True, text=True, timeout=30)
        check(result.returncode == 1 and "read-only file system" in result.stderr,
              f"start on a read-only file system: exit 1 saying so ({result.returncode}: {result.stderr.strip().splitlines()[-1]})")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
    server = Server(binary, db, log).start()
    try:
        client = Client(server.port)
        status, body = client.request("GET", "/v1/identities/count")
        check(status == 200 and json.loads(body) == 1 and create(client, 0)[0] == 200,
              "after remounting read-write: the data is there and writes work")
    finally:
        server.stop()


def removed_file(binary: Path, mount: Path, workdir: Path) -> None:
    db = mount / "removed.sqlite"
    log = workdir / "removed.log"
    server = Server(binary, db, log).start()
    try:
        client = Client(server.port)
        check(create(client, 0)[0] == 200, "write before the database file is removed")
        db.unlink()
        status, body, _ = create(client, 0)
        check(status == 503 and ("removed" in str(body.get("detail", "")) or "moved" in str(body.get("detail", ""))),
              f"write after the file was removed: 503 saying so ({status} {body})")
        check(client.request("GET", "/v1/health/")[0] == 200, "the server is still up")
    finally:
        code = server.stop()
        check(code is not None and code >= 0, f"server stopped by SIGTERM, no crash (exit {code})")


def main() -> int:
    args, binary = test_arguments(__doc__)
    workdir = Path(tempfile.mkdtemp(prefix="identity-diskfull-"))
    mount = workdir / "tmpfs"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mount)],
                             capture_output=True, text=True) if os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        reason = "not root" if mounted is None else mounted.stderr.strip()
        print(f"SKIP disk-full test: cannot mount a tmpfs here ({reason}); run as root where mounting is allowed")
        return 0
    try:
        full_disk(binary, mount, args.sync, workdir)
        read_only(binary, mount, workdir)
        removed_file(binary, mount, workdir)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
    print(f"disk-full test (sync={args.sync}): {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
