#!/usr/bin/env bash
# PostgreSQL-only integration tests, each on a throwaway cluster (scripts/with-postgres.sh):
#   1. multi-instance: two identity-server processes on one database, requests alternating
#      between them, and the racing cases (same identifier_key, upserts, delete vs link) many times;
#      the agent rendering cache: reads cached on one server see every kind of write made on the other;
#   2. fault: PostgreSQL stopped (pg_ctl stop -m fast) while requests flow and started again:
#      503s quickly, recovery without restarting the servers, no acknowledged write lost.
# Uses the Stainless venv of the integration suite (.venv/stainless, created if missing).
#
# Environment: SWIFT_BUILD_CONFIG=debug|release, IDENTITY_SERVER_BIN=... (skip the build),
#              PYTEST_ARGS="..." (extra pytest arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG="${SWIFT_BUILD_CONFIG:-debug}"
VENV="$ROOT/.venv/stainless"
REQUIREMENTS="$ROOT/Tests/Integration/requirements-stainless.txt"
export INTEGRATION_LOG_DIR="${INTEGRATION_LOG_DIR:-$ROOT/.build/integration-logs}"
mkdir -p "$INTEGRATION_LOG_DIR"

# The same venv (and freshness stamp) scripts/integration-tests.sh uses.
want="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$REQUIREMENTS")"
if [[ ! -x "$VENV/bin/python" || "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    echo "postgres-integration-tests: creating .venv/stainless" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    echo "$want" >"$VENV/.requirements.sha256"
fi

if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    swift build -c "$CONFIG" --product identity-server >&2
    IDENTITY_SERVER_BIN="$(swift build -c "$CONFIG" --show-bin-path)/identity-server"
fi
export IDENTITY_SERVER_BIN

run() {  # test file
    echo "== $1 (throwaway PostgreSQL)" >&2
    # shellcheck disable=SC2086
    scripts/with-postgres.sh bash -c 'cd Tests/Integration && exec "$0" -m pytest -q -s "$1" ${PYTEST_ARGS:-}' \
        "$VENV/bin/python" "$1"
}

run postgres/test_multi_instance.py
run postgres/test_agent_cache.py
run postgres/test_fault.py
