#!/usr/bin/env python3
"""GET /metrics of the built identity-server, checked against traffic of known shape.

Sends a known mix of requests (creates, reads by id, health, 404s, a flood of random ids and
random paths), then checks the scrape with a real Prometheus text parser (prometheus_client)
and with a real Prometheus (Debian's `prometheus`, started here on loopback with a scrape
config for the server): counters equal the traffic, histogram buckets are cumulative and add
up, label values stay bounded, /metrics is not counted in itself, process and SQLite
families are plausible. The server runs in password mode: /metrics needs the password as a
bearer token, as Prometheus sends it.

    .venv/ops/bin/python Tests/Operations/metrics_test.py [--binary PATH] [--prometheus PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from ops_harness import Client, Server, check, failures, find_binary

PASSWORD = "metrics-Pa55word"
AUTH = {"Authorization": f"Bearer {PASSWORD}"}
CREATES = 12
FLOOD = 300


def parse(text: str) -> dict[str, list]:
    """Samples by sample name (e.g. `http_requests_total`, `..._bucket`) as parsed by prometheus_client."""
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(sample)
    return samples


def scrape(client: Client) -> dict[str, list]:
    status, body = client.request("GET", "/metrics", headers=AUTH)
    if status != 200:
        raise SystemExit(f"/metrics answered {status}: {body[:200]!r}")
    return parse(body.decode())


def count(samples: dict[str, list], name: str, **labels: str) -> float:
    return sum(s.value for s in samples.get(name, []) if all(s.labels.get(k) == v for k, v in labels.items()))


def send_traffic(client: Client) -> list[str]:
    ids = []
    for index in range(CREATES):
        status, body = client.request("POST", "/v1/identities/", {
            "identifier_key": f"metrics-{uuid.uuid4().hex}", "name": f"M {index}", "identity_type": "user"},
            headers=AUTH)
        assert status == 200, (status, body)
        ids.append(json.loads(body)["id"])
    for identity_id in ids:
        status, _ = client.request("GET", f"/v1/identities/{identity_id}", headers=AUTH)
        assert status == 200
    for _ in range(5):
        assert client.request("GET", "/v1/health/")[0] == 200
    for _ in range(3):
        status, _ = client.request("GET", f"/v1/identities/identity-{uuid.uuid4()}", headers=AUTH)
        assert status == 404, status
    # A flood of random ids and random paths: labels must stay route templates.
    for _ in range(FLOOD):
        client.request("GET", f"/v1/agents/agent-{uuid.uuid4()}", headers=AUTH)
        client.request("GET", f"/flood/{uuid.uuid4().hex}", headers=AUTH)
    return ids


def check_scrape(samples: dict[str, list], started: float, templates: set[str]) -> None:
    total = samples["http_requests_total"]
    routes = {s.labels["route"] for s in total}
    check(count(samples, "http_requests_total", method="POST", route="/v1/identities/", status="200") == CREATES,
          f"POST /v1/identities/ 200 counted {CREATES} times")
    check(count(samples, "http_requests_total", method="GET", route="/v1/identities/{identity_id}", status="200") == CREATES,
          f"GET /v1/identities/{{identity_id}} 200 counted {CREATES} times")
    check(count(samples, "http_requests_total", method="GET", route="/v1/identities/{identity_id}", status="404") == 3,
          "three 404s by template")
    check(count(samples, "http_requests_total", method="GET", route="/v1/health/", status="200") == 5, "five health checks")
    check(count(samples, "http_requests_total", route="/v1/agents/{agent_id}") == FLOOD,
          f"{FLOOD} random agent ids under one template")
    # The flood's random paths, and the first /metrics without credentials (401 before routing).
    check(count(samples, "http_requests_total", route="unmatched") == FLOOD + 1,
          f"{FLOOD} random paths and one 401 as route=unmatched")
    check(count(samples, "http_requests_total", route="unmatched", status="401") == 1, "the 401 before routing")
    check(routes <= templates | {"unmatched"}, f"route labels are OpenAPI path templates only: {sorted(routes)}")
    check(len(total) < 40, f"{len(total)} request series after {2 * FLOOD} random requests")
    check("/metrics" not in routes, "/metrics is not counted in itself")

    # Histograms: cumulative buckets, +Inf bucket == _count, counts add up to the requests.
    buckets: dict[str, list] = {}
    for sample in samples["http_request_duration_seconds_bucket"]:
        buckets.setdefault(sample.labels["route"], []).append(sample)
    cumulative = True
    for route, series in buckets.items():
        values = [s.value for s in sorted(series, key=lambda s: float(s.labels["le"]))]
        cumulative &= values == sorted(values)
        cumulative &= values[-1] == count(samples, "http_request_duration_seconds_count", route=route)
    check(cumulative and len(buckets) >= 4, f"duration buckets cumulative, +Inf = _count, for {len(buckets)} routes")
    requests = sum(s.value for s in total)
    durations = sum(s.value for s in samples["http_request_duration_seconds_count"])
    check(requests == durations == CREATES * 2 + 5 + 3 + 2 * FLOOD + 1,
          f"duration counts ({durations:.0f}) = requests counted ({requests:.0f}) = requests sent")
    check(0 < count(samples, "http_request_duration_seconds_sum") < 60, "duration sum is plausible")

    # The server's own and the process's numbers.
    check(count(samples, "http_received_bytes_total") > 2 * FLOOD * 60, "bytes received counted")
    check(count(samples, "http_sent_bytes_total") > count(samples, "http_received_bytes_total") / 4, "bytes sent counted")
    check(count(samples, "http_open_connections") >= 1, "open connections include the scraper")
    check(count(samples, "http_requests_in_flight") == 0, "no request in flight but the scrape, which is left out")
    start = count(samples, "process_start_time_seconds")
    check(started - 120 < start <= time.time(), f"process start time {start:.0f} is when the server started")
    check(count(samples, "process_resident_memory_bytes") > 1 << 20, "resident memory above 1 MiB")
    check(count(samples, "process_open_fds") >= 4, "open file descriptors")
    info = samples.get("identity_server_build_info", [])
    check(len(info) == 1 and info[0].labels.get("backend") == "sqlite" and info[0].value == 1,
          f"build info names the backend: {[s.labels for s in info]}")

    # SQLite: every create went through a write group; the file has a size.
    check(count(samples, "identity_server_sqlite_write_group_size_sum") == CREATES,
          f"write-group sizes add up to the {CREATES} writes")
    check(count(samples, "identity_server_sqlite_commit_duration_seconds_count")
          == count(samples, "identity_server_sqlite_write_group_size_count") >= 1, "one commit per write group")
    check(count(samples, "identity_server_sqlite_database_bytes") >= 4096, "database size")
    check("identity_server_sqlite_wal_bytes" in samples, "WAL size reported")
    check(count(samples, "identity_server_store_writable") == 1, "store writable")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prometheus_query(port: int, query: str) -> list:
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)["data"]["result"]


def check_with_prometheus(prometheus: str, server_port: int, workdir: Path) -> None:
    """Starts a real Prometheus on loopback scraping the server every second, waits for a scrape
    after the traffic, and compares what it stored."""
    port = free_port()
    (workdir / "password").write_text(PASSWORD)
    config = workdir / "prometheus.yml"
    config.write_text(f"""global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: identity
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials_file: {workdir / 'password'}
    static_configs:
      - targets: ['127.0.0.1:{server_port}']
""")
    log = open(workdir / "prometheus.log", "wb")
    process = subprocess.Popen([prometheus, f"--config.file={config}", f"--storage.tsdb.path={workdir / 'tsdb'}",
                                f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        result: list = []
        while time.monotonic() < deadline:
            try:
                result = prometheus_query(port, 'http_requests_total{job="identity",route="/v1/identities/{identity_id}",status="200"}')
                if result and float(result[0]["value"][1]) == CREATES:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        check(bool(result) and float(result[0]["value"][1]) == CREATES,
              f"Prometheus scraped GET /v1/identities/{{identity_id}} 200 = {CREATES}: {result}")
        up = prometheus_query(port, 'up{job="identity"}')
        check(bool(up) and up[0]["value"][1] == "1", f"Prometheus sees the target up: {up}")
        flood = prometheus_query(port, 'sum(http_requests_total{job="identity",route="/v1/agents/{agent_id}"})')
        check(bool(flood) and float(flood[0]["value"][1]) == FLOOD, f"Prometheus: {FLOOD} flood requests under one series set")
        series = prometheus_query(port, 'count(http_requests_total{job="identity"})')
        check(bool(series) and float(series[0]["value"][1]) < 40, f"Prometheus: bounded series {series}")
        inf = prometheus_query(port, 'sum(http_request_duration_seconds_bucket{job="identity",le="+Inf"}) - sum(http_request_duration_seconds_count{job="identity"})')
        check(bool(inf) and float(inf[0]["value"][1]) == 0, "Prometheus: +Inf buckets equal counts")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/targets", timeout=5) as response:
            targets = json.load(response)["data"]["activeTargets"]
        check(len(targets) == 1 and targets[0]["health"] == "up" and targets[0]["lastError"] == "",
              f"scrape target healthy, no parse error: {[(t['health'], t['lastError']) for t in targets]}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary")
    parser.add_argument("--prometheus", default=shutil.which("prometheus"))
    args = parser.parse_args()
    binary = find_binary(args.binary)
    workdir = Path(tempfile.mkdtemp(prefix="identity-metrics-"))

    open_server = Server(binary, workdir / "open.sqlite", workdir / "open.log").start()
    try:
        status, body = Client(open_server.port).request("GET", "/metrics")
        check(status == 200 and b"# TYPE http_requests_total counter" in body, "without a password /metrics is open")
    finally:
        open_server.stop()

    started = time.time()
    server = Server(binary, workdir / "metrics.sqlite", workdir / "server.log",
                    env={"LETTA_SERVER_PASSWORD": PASSWORD}).start()
    try:
        client = Client(server.port)
        status, _ = client.request("GET", "/metrics")
        check(status == 401, f"password mode: /metrics without the password → 401 ({status})")
        send_traffic(client)
        first = scrape(client)
        second = scrape(client)
        status, document = client.request("GET", "/openapi.json", headers=AUTH)
        check_scrape(second, started, set(json.loads(document)["paths"]))
        check(count(first, "http_requests_total") == count(second, "http_requests_total"),
              "a scrape does not change the request counts")
        if args.prometheus:
            check_with_prometheus(args.prometheus, server.port, workdir)
        else:
            check(False, "prometheus not installed (apt-get install prometheus)")
    finally:
        check(server.stop() == 0, "server stops cleanly")
    print(f"metrics test: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
