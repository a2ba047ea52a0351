#!/usr/bin/env bash
# Benchmark GET /v1/health/ on identity-server against nginx serving the same body.
#
#   scripts/bench-health.sh              # wrk -t2 -c64 -d10s --latency on both
#   DURATION=30s CONNECTIONS=128 scripts/bench-health.sh
#
# Builds the release binary, starts identity-server on an ephemeral port with the access
# log off, runs wrk, stops it; then starts nginx via /work/shared/bench/nginx/run.sh (or
# $NGINX_RUN) on 127.0.0.1:8291, runs the same wrk, stops it. Prints both results and the
# throughput ratio. Everything it starts is stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nginx_run="${NGINX_RUN:-/work/shared/bench/nginx/run.sh}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"
wrk_flags=(-t"$threads" -c"$connections" -d"$duration" --latency)

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "installing wrk and nginx-light" >&2
    apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-health.XXXXXX")"
server_pid=""
nginx_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill -TERM "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building release" >&2
(cd "$here" && swift build -c release --product identity-server >&2)
binary="$(cd "$here" && swift build -c release --show-bin-path)/identity-server"

# Waits until the URL answers (up to 5 s).
wait_for() {
    for _ in $(seq 50); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

echo "== identity-server" >&2
"$binary" --port 0 --no-access-log --db :memory: >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 50); do
    grep -q "listening on" "$work/server.out" 2>/dev/null && break
    sleep 0.1
done
server_url="$(sed -n 's/^identity-server listening on //p' "$work/server.out")/v1/health/"
wait_for "$server_url"
curl -fsS "$server_url" >&2; echo >&2
wrk "${wrk_flags[@]}" "$server_url" | tee "$work/server.wrk"
kill -TERM "$server_pid"
wait "$server_pid" && server_status=0 || server_status=$?
server_pid=""
echo "identity-server exit status after SIGTERM: $server_status" >&2

echo "== nginx" >&2
"$nginx_run" 2>"$work/nginx.err" &
nginx_pid=$!
nginx_url="http://127.0.0.1:8291/v1/health/"
wait_for "$nginx_url"
wrk "${wrk_flags[@]}" "$nginx_url" | tee "$work/nginx.wrk"
kill -TERM "$nginx_pid"
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""

rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
percentile() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
server_rps="$(rps "$work/server.wrk")"
nginx_rps="$(rps "$work/nginx.wrk")"
echo
echo "command: wrk ${wrk_flags[*]} <url>/v1/health/"
printf '%-16s %12s %10s %10s\n' server req/s p50 p99
printf '%-16s %12s %10s %10s\n' identity-server "$server_rps" "$(percentile "$work/server.wrk" 50%)" "$(percentile "$work/server.wrk" 99%)"
printf '%-16s %12s %10s %10s\n' nginx "$nginx_rps" "$(percentile "$work/nginx.wrk" 50%)" "$(percentile "$work/nginx.wrk" 99%)"
awk -v a="$server_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio identity-server / nginx: %.2f\n", a / b }'
