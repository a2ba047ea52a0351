#!/usr/bin/env bash
# Installs what the benchmark runner needs and the machine lacks: wrk, nginx (nginx-light),
# curl, sqlite3 (for explain.sh). Uses apt-get (apt-get update first); needs root or sudo
# only when something is missing.
set -euo pipefail

declare -A package_of=([wrk]=wrk [nginx]=nginx-light [curl]=curl [sqlite3]=sqlite3)
missing=()
for tool in wrk nginx curl sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || missing+=("${package_of[$tool]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
