#!/usr/bin/env bash
# Agent-file round trips with the real Letta 0.16.8: our exports into Letta, Letta's exports (recorded
# and fresh) into this server, compared by content (Tests/Integration/letta_agent_files). One Letta for
# the whole stage (scripts/with-letta.sh), this server started by the pytest fixtures; then the
# benchmark runner's Letta comparison as a smoke run on that Letta. Uses the
# integration suite's letta-client 1.7.0 venv (scripts/integration-tests.sh creates it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
venv="$ROOT/.venv/stainless"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r Tests/Integration/requirements-stainless.txt
fi
if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    swift build --product identity-server
    IDENTITY_SERVER_BIN="$(swift build --show-bin-path)/identity-server"
fi
export IDENTITY_SERVER_BIN
# Then, on the same Letta, a smoke run of `Benchmarks/run.sh --with-letta` (checks, not timings):
# 20 identities and agents seeded into it and into a fresh identity-server, every endpoint checked
# on both and loaded for 1 s (about a minute; the debug builds of the earlier stages are reused).
scripts/with-letta.sh bash -c '(cd Tests/Integration && "$0/bin/python" -m pytest letta_agent_files -q) &&
    Benchmarks/run.sh --quick --no-nginx --config debug --with-letta --letta-url "$LETTA_URL" \
        --letta-rows 20 --letta-duration 1 --letta-timeout 5 >/dev/null' "$venv"
