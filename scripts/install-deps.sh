#!/usr/bin/env bash
# Installs the system packages the build and the tests need, if they are missing
# (libc6-dev: malloc.h for Sources/CMalloc; the Swift toolchain normally brings it; libcurl4:
# `identity-server migrate` loads libcurl.so.4 with dlopen to read a Letta server — the
# toolchain's own dependency list has it, a bare system may not; libpq-dev brings libpq5, which a
# PostgreSQL database loads the same way).
# Usage: scripts/install-deps.sh [--build-only | --with-bench]
#   --build-only  only what building and running the server needs (serve.sh)
#   (default)     also what the test suite needs: the sqlite3 tool and a PostgreSQL server
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libsqlite3-dev pkg-config libpq-dev libc6-dev)
# Debian 12 calls it libcurl4, Debian 13 and Ubuntu 24.04 libcurl4t64: only ask when it is absent.
ldconfig -p 2>/dev/null | grep -q 'libcurl\.so\.4 ' || packages+=("$(apt-cache show libcurl4t64 >/dev/null 2>&1 && echo libcurl4t64 || echo libcurl4)")
case "${1:-}" in
    --build-only) ;;
    --with-bench) packages+=(sqlite3 postgresql wrk nginx-light) ;;
    *) packages+=(sqlite3 postgresql) ;;
esac

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
