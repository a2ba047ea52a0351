#!/usr/bin/env bash
# Operations tests against the built identity-server (python3 standard library only):
#   1. crash test: SIGKILL in the middle of concurrent creates, restart, every acknowledged
#      create present, PRAGMA integrity_check ok;
#   2. the same with SIGTERM: exit 0, no half-written response, WAL checkpointed;
#   3. server checks: exit 2 on bad configuration, password mode, redacted summary, JSON log,
#      body/target limits;
#   4. metrics: /metrics parsed by prometheus_client (.venv/ops) and scraped by a real Prometheus
#      (Debian's package, on loopback);
#   5. online backup under load, with --sync normal and full;
#   6. a full disk, a read-only file system and a removed database on a tmpfs the test mounts
#      (skips with a message where mounting is not allowed), with --sync normal and full;
#   7. deploy/identity-server.service checked with systemd-analyze verify.
# Bounded for CI: 4,000 creates from 16 threads per crash test (a few seconds each).
#
# Environment:
#   IDENTITY_SERVER_BIN=...   use this binary instead of building (debug) with SwiftPM
#   CRASH_CREATES=4000        creates per crash test (the signal comes after 60% are acknowledged)
#   CRASH_THREADS=16          client threads per crash test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    swift build --product identity-server >&2
    IDENTITY_SERVER_BIN="$(swift build --show-bin-path)/identity-server"
fi
export IDENTITY_SERVER_BIN
creates="${CRASH_CREATES:-4000}"
threads="${CRASH_THREADS:-16}"

echo "== crash test: SIGKILL" >&2
timeout 120 python3 Tests/Operations/crash_test.py --signal KILL --creates "$creates" --threads "$threads"
echo "== crash test: SIGTERM" >&2
timeout 120 python3 Tests/Operations/crash_test.py --signal TERM --creates "$creates" --threads "$threads"
echo "== crash test: SIGKILL, --sync full" >&2
timeout 120 python3 Tests/Operations/crash_test.py --signal KILL --sync full --creates "$creates" --threads "$threads"
echo "== server checks" >&2
timeout 120 python3 Tests/Operations/server_checks.py
echo "== metrics: prometheus_client parser and a real Prometheus" >&2
scripts/install-ops-deps.sh
timeout 300 .venv/ops/bin/python Tests/Operations/metrics_test.py
echo "== online backup under load" >&2
timeout 300 python3 Tests/Operations/backup_test.py --sync normal
timeout 300 python3 Tests/Operations/backup_test.py --sync full
echo "== full disk, read-only file system, removed database" >&2
timeout 300 python3 Tests/Operations/disk_full_test.py --sync normal
timeout 300 python3 Tests/Operations/disk_full_test.py --sync full
echo "== systemd unit" >&2
scripts/systemd-verify.sh
