#!/usr/bin/env bash
# Operations tests against the built identity-server (python3 standard library only):
#   1. crash test: SIGKILL in the middle of concurrent creates, restart, every acknowledged
#      create present, PRAGMA integrity_check ok;
#   2. the same with SIGTERM: exit 0, no half-written response, WAL checkpointed;
#   3. server checks: exit 2 on bad configuration, password mode, redacted summary, JSON log,
#      body/target limits.
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
