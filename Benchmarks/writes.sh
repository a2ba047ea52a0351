#!/usr/bin/env bash
# Durable writes beside an in-memory Hummingbird 2 server, in one run: POST /v1/identities/ on
# identity-server (SQLite, a fresh database file) and on Benchmarks/hb-identities (Hummingbird
# 2.28.1, identities in a dictionary under a lock), alternating wrk runs round by round.
#
#   Benchmarks/writes.sh [--rounds 4] [--duration 5] [--connections 64] [--threads 2]
#                        [--sync normal|full] [--workers N] [--skip-build]
#
# Both servers are release builds on free 127.0.0.1 ports; each gets a 2 s warm-up, then every
# round runs `wrk -t2 -c64 -d5s --latency -s lua/post_identity.lua` on each (the order flips
# every round), each round with its own key prefix, so every request creates a new identity
# (no 409). Prints a markdown table of req/s, p50 and p99 per round and server, the ratio
# ours/theirs, each server's CPU time per request and wrk's CPU time (when both servers stop at
# the same rate, these show whether the client is the limit), the medians, and the load average
# before and after. Exits 1 if a run had
# errors (status >= 400 or socket errors) or a server did not start.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib/process.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
rounds=4
duration=5
connections=64
threads=2
sync=normal
workers=""
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="${2:?}"; shift 2 ;;
        --duration) duration="${2:?}"; shift 2 ;;
        --connections) connections="${2:?}"; shift 2 ;;
        --threads) threads="${2:?}"; shift 2 ;;
        --sync) sync="${2:?}"; shift 2 ;;
        --workers) workers="${2:?}"; shift 2 ;;
        --skip-build) build=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || "$here/lib/install-tools.sh"

hb_dir="$here/hb-identities"
if [[ $build == 1 ]]; then
    (cd "$root" && swift build -c release --product identity-server >&2)
    (cd "$hb_dir" && swift build -c release --product hb-identities >&2)
fi
ours_bin="$(cd "$root" && swift build -c release --show-bin-path)/identity-server"
theirs_bin="$(cd "$hb_dir" && swift build -c release --show-bin-path)/hb-identities"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-writes.XXXXXX")"
cleanup() {
    stop_process "${ours_pid:-}"
    stop_process "${theirs_pid:-}"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
ours_port="$(free_port)"
"$ours_bin" --host 127.0.0.1 --port "$ours_port" --db "$work/writes.db" --sync "$sync" --no-access-log \
    ${workers:+--workers "$workers"} >"$work/ours.log" 2>&1 &
ours_pid=$!
theirs_port="$(free_port)"
"$theirs_bin" "$theirs_port" >"$work/theirs.log" 2>&1 &
theirs_pid=$!
wait_for_health "$ours_port" "$ours_pid" 60 || { echo "identity-server did not start: $(tail -n 5 "$work/ours.log")" >&2; exit 1; }
wait_for_health "$theirs_port" "$theirs_pid" 60 || { echo "hb-identities did not start: $(tail -n 5 "$work/theirs.log")" >&2; exit 1; }

lua="$here/lua/post_identity.lua"
ticks_per_second="$(getconf CLK_TCK)"
# measure NAME PORT RUN_ID SECONDS PID: one wrk run; prints its WRK_RESULT line plus
# server_cpu_s= (the server's CPU time during the run) and wrk_cpu_s= (wrk's). Call it in
# $(...): that fresh subshell's children are this wrk run alone.
measure() {
    local output="$work/$1-$3.txt" before after
    before="$(cpu_ticks "$5")"
    timeout -k 5 $(($4 + 30)) wrk -t"$threads" -c"$connections" -d"$4s" --latency --timeout 5s -s "$lua" \
        "http://127.0.0.1:$2/v1/identities/" -- "$3" >"$output" 2>&1 || true
    after="$(cpu_ticks "$5")"
    local result
    result="$(grep '^WRK_RESULT' "$output")" || { echo "wrk failed on $1: $(tail -n 3 "$output" | tr '\n' ' ')" >&2; return 1; }
    # `times` is a builtin: redirected to a file it runs in this subshell, whose only waited-for
    # child is the wrk run above (inside a pipe or $(...) it would run in a fresh process).
    times >"$output.times"
    echo "$result server_cpu_s=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" 'BEGIN { printf "%.2f", t / hz }')" \
        "wrk_cpu_s=$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); n += p[1] * 60 + p[2] }; printf "%.2f", n }' "$output.times")"
}
# cpu_us_per_request LINE: the server's CPU microseconds per request of a measure line.
cpu_us_per_request() {
    awk -v s="$(field "$1" server_cpu_s)" -v n="$(field "$1" requests)" 'BEGIN { printf "%.0f", (n > 0 ? s * 1e6 / n : 0) }'
}
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

measure ours "$ours_port" warm-up 2 "$ours_pid" >/dev/null
measure theirs "$theirs_port" warm-up 2 "$theirs_pid" >/dev/null

declare -a ours_rps=() theirs_rps=() ours_p99=() theirs_p99=() ratios=() rows=() ours_cpu=() theirs_cpu=()
failed=0
for ((round = 1; round <= rounds; round++)); do
    order=(ours theirs)
    (( round % 2 == 0 )) && order=(theirs ours)
    declare -A line=()
    for name in "${order[@]}"; do
        port="$ours_port" pid="$ours_pid"
        [[ $name == theirs ]] && port="$theirs_port" pid="$theirs_pid"
        line[$name]="$(measure "$name" "$port" "round$round" "$duration" "$pid")" || { failed=1; line[$name]=""; }
        errors="$(field "${line[$name]}" status_errors) $(field "${line[$name]}" socket_errors)"
        [[ "$errors" == "0 0" ]] || { echo "$name round $round had errors (status, socket): $errors" >&2; failed=1; }
    done
    o="${line[ours]}" t="${line[theirs]}"
    ours_rps+=("$(field "$o" rps)") theirs_rps+=("$(field "$t" rps)")
    ours_p99+=("$(field "$o" p99_us)") theirs_p99+=("$(field "$t" p99_us)")
    ratio="$(awk -v a="$(field "$o" rps)" -v b="$(field "$t" rps)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    ratios+=("$ratio")
    ours_cpu+=("$(cpu_us_per_request "$o")") theirs_cpu+=("$(cpu_us_per_request "$t")")
    rows+=("| $round | $(printf '%.0f' "$(field "$o" rps)") | $(ms "$(field "$o" p50_us)") | $(ms "$(field "$o" p99_us)") | $(printf '%.0f' "$(field "$t" rps)") | $(ms "$(field "$t" p50_us)") | $(ms "$(field "$t" p99_us)") | ${ratio}× | ${ours_cpu[-1]} / ${theirs_cpu[-1]} | $(field "$o" wrk_cpu_s) / $(field "$t" wrk_cpu_s) |")
done

echo "## POST /v1/identities/: identity-server (SQLite, --sync $sync) beside Hummingbird 2 in memory, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- Command: \`wrk -t$threads -c$connections -d${duration}s --latency -s Benchmarks/lua/post_identity.lua\`, $rounds rounds, order flipped every round"
echo "- Load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
echo
echo "- Server CPU µs/request: the server process's user + system time during its run over the requests it answered;"
echo "  wrk CPU s: the client's user + system time during the ${duration} s run (on the same $(nproc) CPUs)"
echo
echo "| round | ours req/s | ours p50 ms | ours p99 ms | Hummingbird req/s | HB p50 ms | HB p99 ms | ours / HB | server CPU µs/request, ours / HB | wrk CPU s, ours / HB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo "| median | $(echo "${ours_rps[*]}" | median | xargs printf '%.0f') | | $(ms "$(echo "${ours_p99[*]}" | median)") | $(echo "${theirs_rps[*]}" | median | xargs printf '%.0f') | | $(ms "$(echo "${theirs_p99[*]}" | median)") | $(echo "${ratios[*]}" | median)× | $(echo "${ours_cpu[*]}" | median) / $(echo "${theirs_cpu[*]}" | median) | |"
exit "$failed"
