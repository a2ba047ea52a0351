#!/usr/bin/env bash
# Migration tests (Tests/Migration): `identity-server migrate` against the real Letta 0.16.8, into
# SQLite and PostgreSQL, compared object by object through both APIs; reruns, a kill -9 halfway,
# conflicts, a dry run, a dead port, a non-Letta server, faults midway; `export`/`import` round trip
# SQLite -> PostgreSQL. Then the same against a Letta in password mode (a second, smaller Letta).
#
# Each Letta is a throwaway one from scripts/with-letta.sh (setup once per machine: 3-6 minutes);
# PostgreSQL from scripts/with-postgres.sh. Needs python3 with venv; the venv lives in .venv/migration.
#
# Environment:
#   MIGRATION_SEED=300,300,60   identities,blocks,agents seeded into the plain Letta
#   IDENTITY_SERVER_BIN=...     use this binary instead of building (debug)
#   PYTEST_ARGS="..."           extra pytest arguments
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv/migration"
REQUIREMENTS="$ROOT/Tests/Migration/requirements.txt"

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" || "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    echo "$want" > "$VENV/.requirements.sha256"
fi

if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    swift build --product identity-server
    IDENTITY_SERVER_BIN="$(swift build --show-bin-path)/identity-server"
fi
export IDENTITY_SERVER_BIN

pytest=("$VENV/bin/python" -m pytest -q -s ${PYTEST_ARGS:-})
cd Tests/Migration
echo "== migration tests: plain Letta, SQLite and PostgreSQL targets" >&2
MIGRATION_SEED="${MIGRATION_SEED:-300,300,60}" \
    "$ROOT/scripts/with-letta.sh" "$ROOT/scripts/with-postgres.sh" "${pytest[@]}" -m plain
echo "== migration tests: Letta in password mode" >&2
WITH_LETTA_PASSWORD="migration-$RANDOM-$RANDOM" MIGRATION_SEED=40,40,10 \
    "$ROOT/scripts/with-letta.sh" "${pytest[@]}" -m password
