#!/usr/bin/env bash
# What the operations tests need beyond the build: Debian's prometheus (a real scraper) and
# systemd (systemd-analyze), and the .venv/ops venv with prometheus_client (reused while
# Tests/Operations/requirements-ops.txt is unchanged).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v systemd-analyze >/dev/null || missing+=(systemd)
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "install-ops-deps: apt-get install ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
requirements=Tests/Operations/requirements-ops.txt
venv=.venv/ops
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$venv/.requirements.sha256"
fi
