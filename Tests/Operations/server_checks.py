#!/usr/bin/env python3
"""End-to-end checks of the operator's interface of the built identity-server (standard
library only): exit status 2 for bad configuration, password mode over the wire, the
redacted startup summary, JSON log lines, the body and request-target limits, exit 0 on SIGTERM.

    python3 Tests/Operations/server_checks.py [--binary PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ops_harness import Client, Server, find_binary

PASSWORD = "s3cret-Pa55word"
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def refuses_to_start(binary: Path, args: list[str], env: dict[str, str], expected: str) -> None:
    result = subprocess.run([str(binary), "--port", "0", "--db", ":memory:", *args], capture_output=True, text=True,
                            env=env, timeout=30)
    check(result.returncode == 2 and expected in result.stderr and "listening" not in result.stdout,
          f"{args or env} exits 2 with '{expected}' (got {result.returncode}: {result.stderr.splitlines()[0] if result.stderr else ''})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary")
    binary = find_binary(parser.parse_args().binary)
    workdir = Path(tempfile.mkdtemp(prefix="identity-checks-"))

    refuses_to_start(binary, ["--secure"], {}, "secure mode (--secure or LETTA_SERVER_SECURE) needs a password")
    refuses_to_start(binary, [], {"LETTA_SERVER_SECURE": "true"}, "needs a password")
    refuses_to_start(binary, ["--port", "http"], {}, "invalid value 'http' for --port")
    refuses_to_start(binary, [], {"IDENTITY_SERVER_LOG_FORMAT": "xml"}, "invalid value 'xml' for IDENTITY_SERVER_LOG_FORMAT")

    log = workdir / "server.log"
    server = Server(binary, workdir / "checks.sqlite", log,
                    ["--log-format", "json", "--max-body-bytes", "256", "--max-target-bytes", "128"],
                    env={"LETTA_SERVER_PASSWORD": PASSWORD}).start()
    client = Client(server.port)
    status, body = client.request("GET", "/v1/identities/")
    check(status == 401 and json.loads(body) == {"detail": "Unauthorized"}, f"no credentials → 401 Unauthorized ({status})")
    status, _ = client.request("GET", "/v1/nothing-here")
    check(status == 401, f"unknown path without credentials → 401 before 404 ({status})")
    status, body = client.request("GET", "/v1/health/")
    check(status == 200 and json.loads(body)["status"] == "ok", f"health needs no credentials ({status})")
    status, _ = client.request("GET", "/v1/identities/", headers={"Authorization": f"Bearer {PASSWORD}"})
    check(status == 200, f"Authorization: Bearer <password> → 200 ({status})")
    status, _ = client.request("GET", "/v1/identities/", headers={"X-BARE-PASSWORD": f"password {PASSWORD}"})
    check(status == 200, f"X-BARE-PASSWORD: password <password> → 200 ({status})")
    status, _ = client.request("POST", "/v1/blocks/", {"label": "human", "value": "x" * 300},
                               headers={"Authorization": f"Bearer {PASSWORD}"})
    check(status == 413, f"body above --max-body-bytes → 413 ({status})")
    client = Client(server.port)
    status, _ = client.request("GET", "/v1/identities/?name=" + "n" * 200, headers={"Authorization": f"Bearer {PASSWORD}"})
    check(status == 414, f"target above --max-target-bytes → 414 ({status})")
    client.close()
    code = server.stop()
    check(code == 0, f"SIGTERM → exit 0 ({code})")

    lines = [line for line in log.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            parsed.append(None)
    check(all(item is not None for item in parsed), f"every stderr line is JSON with --log-format json ({len(lines)} lines)")
    summary = next((item for item in parsed if item and item.get("event") == "configuration"), None)
    check(summary is not None and summary.get("password") == "<redacted>" and summary.get("auth") == "password",
          "startup summary says password mode and redacts the password")
    check(PASSWORD not in log.read_text(), "the password appears nowhere in the log")
    requests = [item for item in parsed if item and "status" in item]
    check([item["status"] for item in requests] == [401, 401, 200, 200, 200, 413, 414],
          f"one access-log line per answered request, rejected ones included ({[item['status'] for item in requests]})")
    check(len(requests) == 7 and requests[4]["principal"] == "admin", "access log names the principal")
    check(len(requests) == 7 and all(item["principal"] is None for item in requests[5:]),
          "requests rejected before routing are logged without a principal")

    for path in workdir.iterdir():
        path.unlink()
    workdir.rmdir()
    print(f"server checks: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
