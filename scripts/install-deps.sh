#!/usr/bin/env bash
# Installs the system packages the build and the tests need, if they are missing.
# Usage: scripts/install-deps.sh [--with-bench]
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libsqlite3-dev sqlite3 pkg-config libpq-dev postgresql)
if [[ "${1:-}" == "--with-bench" ]]; then
    packages+=(wrk nginx-light)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
