#!/usr/bin/env bash
# Checks deploy/identity-server.service with `systemd-analyze verify` (unknown keys, bad values,
# missing targets) and prints its offline exposure score. Needs no running systemd (works in a
# container whose PID 1 is not systemd). verify requires ExecStart's binary to exist, so the
# unit is checked as a copy whose ExecStart points at IDENTITY_SERVER_BIN (or /bin/true).
# Fails on any diagnostic line: systemd-analyze exits 0 on "Unknown key … ignoring".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v systemd-analyze >/dev/null || {
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null
}
binary="${IDENTITY_SERVER_BIN:-/bin/true}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s#/usr/local/bin/identity-server#${binary}#" deploy/identity-server.service > "$work/identity-server.service"
grep -q "^ExecStart=${binary} " "$work/identity-server.service"
output="$(systemd-analyze verify "$work/identity-server.service" 2>&1)" || { echo "$output" >&2; exit 1; }
if [[ -n "$output" ]]; then
    echo "systemd-analyze verify reported:" >&2
    echo "$output" >&2
    exit 1
fi
exposure="$(systemd-analyze security --offline=true "$work/identity-server.service" 2>&1 | grep 'Overall exposure level')"
echo "deploy/identity-server.service: systemd-analyze verify clean; ${exposure#→ }" >&2
score="$(sed -E 's/.*: ([0-9.]+) .*/\1/' <<<"$exposure")"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "exposure $score above 2.0" >&2; exit 1; }
