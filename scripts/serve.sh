#!/usr/bin/env bash
# Builds identity-server in release mode and runs it on 127.0.0.1:8283 with the embedded
# SQLite database ./letta.db. Extra arguments go to the server (see `--help`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh --build-only
swift build -c release --product identity-server >&2
exec "$(swift build -c release --show-bin-path)/identity-server" "$@"
