#!/usr/bin/env bash
# Profiles identity-server on one endpoint under wrk load and prints where the time goes.
#
#   Benchmarks/profile.sh ENDPOINT [--rows 100000] [--duration 5] [--connections 4]
#                         [--tool callgrind|perf] [--workers N] [--out DIR] [--seed-cache DIR]
#
# ENDPOINT is a name from Benchmarks/lib/endpoints.sh: health post_identity get_identity
# list_identities identity_by_key post_agent get_agent agents_by_key agents_by_tag count_by_tag.
#
# callgrind (default): the release server runs under valgrind with instrumentation off; after a
# 3 s warm-up load instrumentation is switched on for the wrk run only, so the counts cover
# steady-state request handling alone. Prints instructions per request and callgrind_annotate's top
# functions (inclusive and self). Instruction counts are repeatable, unlike timings.
# perf: samples the server (cpu-clock, call graphs) during a full-speed wrk run and prints
# perf report's top symbols, kernel included.
# --seed-cache DIR: as in run.sh, reuse (or store) the seeded database there.
# --out DIR keeps the raw profile (callgrind.out / perf.data) and the server binary path.
# IDENTITY_SERVER_BIN=PATH profiles that server binary instead of building one (A/B runs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib/endpoints.sh"
source "$here/lib/process.sh"
source "$here/lib/seed.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
[[ $# -ge 1 && "$1" != -* ]] || { usage >&2; exit 2; }
endpoint="$1"
shift
[[ -n "${endpoint_label[$endpoint]:-}" ]] || { echo "unknown endpoint '$endpoint'" >&2; usage >&2; exit 2; }
rows=100000
duration=5
connections=4
threads=1
tool=callgrind
workers=""
out_dir=""
seed_cache=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="${2:?}"; shift 2 ;;
        --duration) duration="${2:?}"; shift 2 ;;
        --connections) connections="${2:?}"; shift 2 ;;
        --tool) tool="${2:?}"; shift 2 ;;
        --workers) workers="${2:?}"; shift 2 ;;
        --out) out_dir="${2:?}"; shift 2 ;;
        --seed-cache) seed_cache="${2:?}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$tool" == callgrind || "$tool" == perf ]] || { echo "--tool is callgrind or perf" >&2; exit 2; }
if [[ "$tool" == perf ]]; then
    connections=64
    threads=2
fi

"$here/lib/install-tools.sh"
command -v valgrind >/dev/null || [[ "$tool" != callgrind ]] || {
    echo "valgrind is missing: apt-get install -y valgrind" >&2
    exit 1
}

if [[ -n "${IDENTITY_SERVER_BIN:-}" ]]; then
    server_bin="$IDENTITY_SERVER_BIN"
else
    (cd "$root" && swift build -c release --product identity-server >&2)
    server_bin="$(cd "$root" && swift build -c release --show-bin-path)/identity-server"
fi
(cd "$here" && swift build -c release --product bench-seed >&2)
seed_bin="$(cd "$here" && swift build -c release --show-bin-path)/bench-seed"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-profile.XXXXXX")"
cleanup() {
    stop_process "${perf_pid:-}"
    stop_process "${server_pid:-}"
    if [[ -n "$out_dir" ]]; then
        mkdir -p "$out_dir"
        cp -a "$work"/callgrind.out* "$work"/perf.data "$out_dir/" 2>/dev/null || true
        echo "$server_bin" >"$out_dir/server-binary.txt"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_id="profile-$(date +%s)-$$"
prepare_database "$rows"
db="$work/bench-$rows.db"
declare -A seed=()
while IFS='=' read -r key value; do seed[$key]="$value"; done <"$work/seed-$rows.env"

port="$(free_port)"
server_args=(--host 127.0.0.1 --port "$port" --db "$db" --no-access-log ${workers:+--workers "$workers"})
if [[ "$tool" == callgrind ]]; then
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out" \
        "$server_bin" "${server_args[@]}" >"$work/server.log" 2>&1 &
else
    "$server_bin" "${server_args[@]}" >"$work/server.log" 2>&1 &
fi
server_pid=$!
wait_for_health "$port" "$server_pid" 120 || { echo "server did not start: $(tail -n 5 "$work/server.log")" >&2; exit 1; }
check_endpoint "$endpoint" "http://127.0.0.1:$port" "$work/check.txt" || { echo "check failed: $check_message" >&2; exit 1; }

# The reports below cut long outputs short (head, awk exit): a closed pipe is not a failure.
set +o pipefail
url="http://127.0.0.1:$port$(endpoint_path "$endpoint")"
lua="$here/lua/${endpoint_lua[$endpoint]}"
wrk_args=(-t"$threads" -c"$connections" -d"${duration}s" --timeout 10s -s "$lua" "$url")
extra_args="$(endpoint_args "$endpoint")"

# annotate [OPTIONS] FILE: callgrind_annotate's function list, demangled, without file paths.
annotate() {
    callgrind_annotate --threshold=100 "$@" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '3,$p' |
        sed -E 's/^( *[0-9,]+ \( *[0-9.]+%\))  [^:]*:/\1  /; s/ \[[^]]*\]$//' |
        { swift demangle --simplified 2>/dev/null || cat; } | cut -c1-220
}

if [[ "$tool" == callgrind ]]; then
    # Warm-up without instrumentation: SQLite's page caches and the reader pool fill here, so
    # the counted requests are steady-state ones.
    # Its POST keys must differ from the counted run's, or every counted create would be a 409.
    warm_args="$(run_id="$run_id-warm-up" endpoint_args "$endpoint")"
    timeout -k 5 60 wrk "${wrk_args[@]/#-d*s/-d3s}" ${warm_args:+--} $warm_args >/dev/null 2>&1 || true
    callgrind_control -i on "$server_pid" >/dev/null
    timeout -k 5 $((duration + 60)) wrk "${wrk_args[@]}" ${extra_args:+--} $extra_args | tee "$work/wrk.txt" >&2
    callgrind_control -i off "$server_pid" >/dev/null
    stop_process "$server_pid"
    server_pid=""
    requests="$(sed -n 's/^WRK_RESULT requests=\([0-9]*\).*/\1/p' "$work/wrk.txt")"
    errors="$(sed -n 's/^WRK_RESULT .*status_errors=\([0-9]*\) socket_errors=\([0-9]*\).*/\1 \2/p' "$work/wrk.txt")"
    if [[ "$errors" != "0 0" ]]; then
        echo "profile.sh: the counted run had errors (status >= 400, socket): $errors; the profile is not of the success path" >&2
        exit 1
    fi
    profile="$(ls "$work"/callgrind.out* | head -n 1)"
    total="$(callgrind_annotate "$profile" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')"
    echo "== $endpoint at $rows rows: $requests requests, $total instructions, $((total / (requests > 0 ? requests : 1))) instructions per request"
    echo "== inclusive (top 60)"
    annotate --inclusive=yes "$profile" | head -n 60
    echo "== self (top 40)"
    annotate "$profile" | head -n 40
else
    perf record -e cpu-clock -F 1999 -g -o "$work/perf.data" -p "$server_pid" >"$work/perf.log" 2>&1 &
    perf_pid=$!
    sleep 0.5
    timeout -k 5 $((duration + 30)) wrk "${wrk_args[@]}" ${extra_args:+--} $extra_args | tee "$work/wrk.txt" >&2
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    perf_pid=""
    echo "== $endpoint at $rows rows, perf cpu-clock samples of the server during wrk (self, top 50)"
    perf report -i "$work/perf.data" --stdio --no-children --sort symbol 2>/dev/null | grep -E '^ +[0-9]' | head -n 50
fi
