#!/usr/bin/env bash
# Agent-file round trips with the real Letta 0.16.8: our exports into Letta, Letta's exports (recorded
# and fresh) into this server, compared by content (Tests/Integration/letta_agent_files). One Letta for
# the whole stage (scripts/with-letta.sh), this server started by the pytest fixtures. Uses the
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
scripts/with-letta.sh bash -c 'cd Tests/Integration && "$0/bin/python" -m pytest letta_agent_files -q' "$venv"
