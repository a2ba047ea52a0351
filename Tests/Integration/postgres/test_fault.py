"""PostgreSQL stops while requests flow, then starts again.

Both servers answer 503 `{"detail": ...}` quickly during the outage (never a hang, never
a 500), recover without being restarted, and every write they acknowledged is there
afterwards. Needs `IDENTITY_TEST_POSTGRES_CTL` (exported by scripts/with-postgres.sh)
to stop and start the cluster; this stops the whole cluster, so run it on its own.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid

import httpx
import pytest

from harness.server import ServerProcess

CTL = os.environ.get("IDENTITY_TEST_POSTGRES_CTL", "")
pytestmark = pytest.mark.skipif(not CTL, reason="IDENTITY_TEST_POSTGRES_CTL is not set (run under scripts/with-postgres.sh)")

WRITERS = 4
OUTAGE_SECONDS = 3.0
NO_HANG_SECONDS = 5.0


class Log:
    """Every request made: (started, seconds, server, kind, status, identity id or detail)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[float, float, int, str, int, str]] = []

    def add(self, *entry) -> None:
        with self.lock:
            self.entries.append(entry)


def pg_ctl(action: str) -> None:
    subprocess.run(f"{CTL} {action}", shell=True, check=True, capture_output=True, timeout=120)


def test_outage_Answers503Quickly_RecoversWithoutRestart_AndKeepsEveryAcknowledgedWrite(two_servers: list[ServerProcess]):
    pids = [server.process.pid for server in two_servers]
    log = Log()
    stop = threading.Event()

    def writer(index: int) -> None:
        server = index % len(two_servers)
        with httpx.Client(base_url=two_servers[server].base_url, timeout=30) as client:
            counter = 0
            while not stop.is_set():
                counter += 1
                started = time.monotonic()
                try:
                    response = client.post("/v1/identities/", json={
                        "identifier_key": f"w{index}-{counter}-{uuid.uuid4().hex[:6]}", "name": "W", "identity_type": "user"})
                except httpx.HTTPError as error:
                    log.add(started, time.monotonic() - started, server, "write", -1, repr(error))
                    continue
                body = response.json()
                value = body.get("id", "") if response.status_code == 200 else str(body.get("detail"))
                log.add(started, time.monotonic() - started, server, "write", response.status_code, value)

    def reader(server: int) -> None:
        with httpx.Client(base_url=two_servers[server].base_url, timeout=30) as client:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    response = client.get("/v1/identities/", params={"limit": 5})
                except httpx.HTTPError as error:
                    log.add(started, time.monotonic() - started, server, "read", -1, repr(error))
                    continue
                log.add(started, time.monotonic() - started, server, "read", response.status_code,
                        "" if response.status_code == 200 else str(response.json().get("detail")))

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(WRITERS)]
    threads += [threading.Thread(target=reader, args=(server,)) for server in range(len(two_servers))]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        outage_started = time.monotonic()
        pg_ctl("stop -m fast")
        time.sleep(OUTAGE_SECONDS)
        pg_ctl("start")
        outage_ended = time.monotonic()
        deadline = outage_ended + 30
        while time.monotonic() < deadline:
            recovered = {entry[2] for entry in log.entries if entry[0] > outage_ended and entry[4] == 200}
            if recovered == set(range(len(two_servers))):
                break
            time.sleep(0.1)
        time.sleep(2.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    entries = log.entries
    statuses = {entry[4] for entry in entries}
    assert statuses <= {200, 503}, f"unexpected statuses {statuses}: {[e for e in entries if e[4] not in (200, 503)][:5]}"
    unavailable = [entry for entry in entries if entry[4] == 503]
    assert unavailable, "no 503 during the outage"
    assert all(entry[5] and entry[5] != "None" for entry in unavailable), "503 without a detail"
    assert all(outage_started - 0.5 <= entry[0] <= outage_ended + 5 for entry in unavailable), "503 outside the outage"
    slowest = max(entry[1] for entry in entries)
    assert slowest < NO_HANG_SECONDS, f"a request took {slowest:.2f}s"
    for server in range(len(two_servers)):
        after = [entry for entry in entries if entry[2] == server and entry[0] > outage_ended]
        assert after and all(entry[4] == 200 for entry in after[-10:]), f"server {server} did not recover"

    assert [server.process.pid for server in two_servers] == pids
    assert all(server.is_running() for server in two_servers)
    acknowledged = [entry[5] for entry in entries if entry[3] == "write" and entry[4] == 200]
    assert acknowledged
    with httpx.Client(base_url=two_servers[1].base_url, timeout=30) as client:
        missing = [identity for identity in acknowledged if client.get(f"/v1/identities/{identity}").status_code != 200]
    assert missing == [], f"{len(missing)} acknowledged writes lost"
    print(f"{len(entries)} requests, {len(acknowledged)} acknowledged writes, {len(unavailable)} answered 503, "
          f"slowest {slowest * 1000:.0f} ms, "
          f"median 503 {sorted(e[1] for e in unavailable)[len(unavailable) // 2] * 1000:.1f} ms")
