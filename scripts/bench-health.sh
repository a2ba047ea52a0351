#!/usr/bin/env bash
# Benchmark GET /v1/health/ on identity-server against nginx serving the same body.
#
#   scripts/bench-health.sh                 # one round: wrk -t2 -c64 -d10s --latency on each
#   ROUNDS=3 scripts/bench-health.sh        # alternate the servers 3 times (fairer on a busy box)
#   DURATION=30s CONNECTIONS=128 scripts/bench-health.sh
#
# Builds the release binary, starts identity-server on an ephemeral port with the access
# log off and nginx via /work/shared/bench/nginx/run.sh (or $NGINX_RUN) on 127.0.0.1:8291,
# then runs the same wrk against each in turn (the idle one costs nothing). Prints every
# run, and per server the median req/s, p50 and p99, and the ratio of the medians.
# Everything it starts is stopped on exit; identity-server must exit 0 on SIGTERM.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nginx_run="${NGINX_RUN:-/work/shared/bench/nginx/run.sh}"
rounds="${ROUNDS:-1}"
wrk_flags=(-t"${THREADS:-2}" -c"${CONNECTIONS:-64}" -d"${DURATION:-10s}" --latency)

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "installing wrk and nginx-light" >&2
    apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-health.XXXXXX")"
server_pid=""
nginx_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; fi
    if [[ -n "$nginx_pid" ]]; then kill -TERM "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building release" >&2
(cd "$here" && swift build -c release --product identity-server >&2)
binary="$(cd "$here" && swift build -c release --show-bin-path)/identity-server"

wait_for() {
    for _ in $(seq 100); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "no answer from $1" >&2
    return 1
}

"$binary" --port 0 --no-access-log --db :memory: >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
    grep -q "listening on" "$work/server.out" 2>/dev/null && break
    sleep 0.1
done
server_url="$(sed -n 's/^identity-server listening on //p' "$work/server.out")/v1/health/"
"$nginx_run" 2>"$work/nginx.err" &
nginx_pid=$!
nginx_url="http://127.0.0.1:8291/v1/health/"
wait_for "$server_url"
wait_for "$nginx_url"
[[ "$(curl -fsS "$server_url")" == "$(curl -fsS "$nginx_url")" ]] || { echo "bodies differ" >&2; exit 1; }

# "req/s p50 p99" of one wrk output, latencies in microseconds.
summarize() {
    awk '
        function us(v) { if (v ~ /ms$/) return v * 1000; if (v ~ /us$/) return v + 0; if (v ~ /s$/) return v * 1000000; return v }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = us($2) }
        $1 == "99%" { p99 = us($2) }
        END { printf "%.0f %.0f %.0f\n", rps, p50, p99 }' "$1"
}

for round in $(seq "$rounds"); do
    for name in identity-server nginx; do
        url="$server_url"
        [[ "$name" == nginx ]] && url="$nginx_url"
        echo "== round $round: $name ($url)" >&2
        wrk "${wrk_flags[@]}" "$url" >"$work/$name.$round.wrk"
        cat "$work/$name.$round.wrk" >&2
        echo "$(summarize "$work/$name.$round.wrk")" >>"$work/$name.runs"
    done
done

kill -TERM "$server_pid"
wait "$server_pid" && status=0 || status=$?
server_pid=""
echo "identity-server exit status after SIGTERM: $status" >&2

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "command: wrk ${wrk_flags[*]} <url>   (rounds: $rounds)"
printf '%-16s %8s %10s %10s   %s\n' server req/s p50_us p99_us "runs (req/s p50 p99)"
for name in identity-server nginx; do
    runs="$work/$name.runs"
    printf '%-16s %8s %10s %10s   %s\n' "$name" \
        "$(cut -d' ' -f1 "$runs" | median)" "$(cut -d' ' -f2 "$runs" | median)" "$(cut -d' ' -f3 "$runs" | median)" \
        "$(paste -sd'|' "$runs")"
done
awk -v a="$(cut -d' ' -f1 "$work/identity-server.runs" | median)" -v b="$(cut -d' ' -f1 "$work/nginx.runs" | median)" \
    'BEGIN { printf "ratio identity-server / nginx (median req/s): %.2f\n", a / b }'
[[ "$status" == 0 ]]
