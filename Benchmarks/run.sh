#!/usr/bin/env bash
# Benchmarks identity-server with wrk and prints one table:
#   endpoint | rows | connections | req/s | p50 | p99 | errors | server RSS
# plus cold start, RSS idle/end, database size (per 100k rows and identities alone), and the health
# figure as a ratio to nginx serving the same body (Benchmarks/nginx/).
#
#   Benchmarks/run.sh [--rows 1000,100000] [--duration 10] [--connections 64] [--threads 2]
#                     [--quick] [--config release|debug] [--workers N] [--endpoints a,b,...]
#                     [--no-nginx] [--out FILE] [--keep DIR] [--seed-cache DIR] [--nice]
#                     [--with-letta [--letta-rows 1000] [--letta-connections 4] [--letta-duration 15]
#                      [--letta-timeout 15] [--letta-seed-workers 8] [--letta-url URL]]
#                     [--target-connections 16] [--no-targets]
#
# --quick: 200 rows, 1 s per endpoint (the smoke test, Benchmarks/smoke.sh).
# --out FILE writes the report (markdown) there too; --keep DIR keeps the seeded databases,
# seed facts and raw wrk output; --seed-cache DIR reuses seeded databases from DIR (seeding
# them there once; delete DIR when the schema changes; 1M rows need ~4 GB there and ~4 GB in
# $TMPDIR, so put it under /var/tmp). --nice runs the server, nginx and wrk at
# nice -15 (needs root), so other work on a shared machine disturbs the figures less.
# Targets (issue 17): after the reads, GET /v1/agents/?identifier_keys=K (K linked to 10 agents),
# ?tags=T&limit=50 and GET /v1/agents/{id} run again with --target-connections (16) and are
# marked met/missed per row count (p99 < 5 ms, p99 < 5 ms, >= 50k req/s); --no-targets skips them.
# Unless --no-nginx, nginx then serves the tag page's exact bytes from a file under the same load:
# the floor that bytes through loopback and wrk's parsing set for a page of that size.
# Every wrk request carries curl's User-Agent (Benchmarks/lua/report.lua).
# IDENTITY_SERVER_BIN=PATH benchmarks that server binary instead of building one (A/B runs).
# Exit status: 0 if every endpoint answered its check and wrk
# saw no errors and at least one request; 1 otherwise; 2 on bad usage.
#
# Per row count: a fresh database in a temp dir seeded by bench-seed (through SQLiteStore's
# create calls, 500 per write unit, up to 64 units per transaction),
# nginx on the health body under the same wrk load, then identity-server (access log off) on a
# free 127.0.0.1 port. Each endpoint is first
# checked once with curl (status and body), then loaded with
# `wrk -t2 -c64 -d10s --latency` (lua scripts in Benchmarks/lua/). Reads run first and
# writes last, so every read sees exactly the seeded row count. Everything started here is
# stopped on exit.
#
# --with-letta (rows default to 1000 then) adds a section "Beside Letta 0.16.8": a throwaway real
# Letta and a fresh identity-server, both seeded with --letta-rows identities and agents through
# their APIs, the same wrk load on each (curl's User-Agent), both columns and the ratio
# (Benchmarks/lib/letta.sh; ~15 min at 1000 rows on 2 busy cores). --letta-url uses a running Letta.
set -euo pipefail

command_line="Benchmarks/run.sh $*"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

rows_list=""
duration=10
connections=64
threads=2
quick=0
config=release
workers=""
only_endpoints=""
with_nginx=1
out_file=""
keep_dir=""
seed_cache=""
nice_cmd=()
with_letta=0
target_connections=16
with_targets=1

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
fail_usage() { echo "run.sh: $1" >&2; usage >&2; exit 2; }

source "$here/lib/letta.sh"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows_list="${2:?--rows needs a value}"; shift 2 ;;
        --duration) duration="${2:?--duration needs a value}"; shift 2 ;;
        --connections) connections="${2:?--connections needs a value}"; shift 2 ;;
        --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
        --quick) quick=1; shift ;;
        --config) config="${2:?--config needs a value}"; shift 2 ;;
        --workers) workers="${2:?--workers needs a value}"; shift 2 ;;
        --endpoints) only_endpoints="${2:?--endpoints needs a value}"; shift 2 ;;
        --no-nginx) with_nginx=0; shift ;;
        --out) out_file="${2:?--out needs a value}"; shift 2 ;;
        --keep) keep_dir="${2:?--keep needs a value}"; shift 2 ;;
        --seed-cache) seed_cache="${2:?--seed-cache needs a value}"; shift 2 ;;
        --nice) nice_cmd=(nice -n -15); shift ;;
        --with-letta) with_letta=1; shift ;;
        --letta-*) letta_option "$1" "${2:-}" || fail_usage "bad $1"; shift 2 ;;
        --target-connections) target_connections="${2:?--target-connections needs a value}"; shift 2 ;;
        --no-targets) with_targets=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) fail_usage "unknown option $1" ;;
    esac
done
if [[ $quick -eq 1 ]]; then
    rows_list="${rows_list:-200}"
    duration=1
fi
[[ $with_letta -eq 0 ]] || rows_list="${rows_list:-1000}"
rows_list="${rows_list:-1000,100000}"
IFS=',' read -r -a rows_counts <<<"$rows_list"
for value in "${rows_counts[@]}" "$duration" "$connections" "$threads" "$target_connections" ${workers:+"$workers"}; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || fail_usage "expected a positive integer, got '$value'"
done
[[ "$config" == release || "$config" == debug ]] || fail_usage "--config is release or debug"

source "$here/lib/endpoints.sh"
source "$here/lib/process.sh"
source "$here/lib/seed.sh"
if [[ -n "$only_endpoints" ]]; then
    IFS=',' read -r -a selected <<<"$only_endpoints"
    for name in "${selected[@]}"; do
        [[ -n "${endpoint_label[$name]:-}" ]] || fail_usage "unknown endpoint '$name' (known: ${endpoint_order[*]})"
    done
else
    selected=("${endpoint_order[@]}")
fi

# ---------------------------------------------------------------- dependencies and build
"$here/lib/install-tools.sh"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building identity-server and bench-seed ($config)"
if [[ -n "${IDENTITY_SERVER_BIN:-}" ]]; then
    server_bin="$IDENTITY_SERVER_BIN"
else
    (cd "$root" && swift build -c "$config" --product identity-server >&2)
    server_bin="$(cd "$root" && swift build -c "$config" --show-bin-path)/identity-server"
fi
(cd "$here" && swift build -c "$config" --product bench-seed >&2)
seed_bin="$(cd "$here" && swift build -c "$config" --show-bin-path)/bench-seed"

work="$(mktemp -d "${TMPDIR:-/tmp}/identity-bench.XXXXXX")"
cleanup() {
    stop_process "${server_pid:-}"
    stop_process "${nginx_pid:-}"
    letta_stop
    if [[ -n "$keep_dir" && -d "$work" ]]; then
        mkdir -p "$keep_dir" && cp -a "$work/." "$keep_dir/" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_id="$(date +%s)-$$"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
failures=()
declare -A result_rps result_p50 result_p99 result_errors result_rss result_requests
declare -A extra

# wrk_run KEY URL LUA [ARGS...]: runs wrk (with `wrk_connections`, default --connections), stores
# its figures under KEY; returns 1 on failure.
wrk_run() {
    local key="$1" url="$2" lua="$3"
    shift 3
    local output="$work/wrk-${key//[^A-Za-z0-9_.-]/_}.txt"
    if ! timeout -k 5 $((duration + 30)) "${nice_cmd[@]}" wrk -t"$threads" -c"${wrk_connections:-$connections}" -d"${duration}s" --latency --timeout "${wrk_timeout:-2}s" \
        -s "$here/lua/$lua" "$url" ${1:+--} "$@" >"$output" 2>&1; then
        failures+=("$key: wrk failed: $(tail -n 3 "$output" | tr '\n' ' ')")
        return 1
    fi
    local line
    line="$(grep '^WRK_RESULT ' "$output" || true)"
    if [[ -z "$line" ]]; then
        failures+=("$key: no WRK_RESULT line in wrk output")
        return 1
    fi
    local field requests=0 rps=0 p50=0 p99=0 status_errors=0 socket_errors=0
    for field in $line; do
        case "$field" in
            requests=*) requests="${field#*=}" ;;
            rps=*) rps="${field#*=}" ;;
            p50_us=*) p50="${field#*=}" ;;
            p99_us=*) p99="${field#*=}" ;;
            status_errors=*) status_errors="${field#*=}" ;;
            socket_errors=*) socket_errors="${field#*=}" ;;
        esac
    done
    result_requests[$key]=$requests
    result_rps[$key]=$rps
    result_p50[$key]=$p50
    result_p99[$key]=$p99
    result_errors[$key]=$((status_errors + socket_errors))
    [[ $requests -gt 0 ]] || failures+=("$key: zero requests")
    [[ $((status_errors + socket_errors)) -eq 0 ]] ||
        failures+=("$key: $status_errors responses >= 400, $socket_errors socket errors/timeouts" \
            "$(grep -E 'Socket errors|Non-2xx' "$output" | tr -s ' ' | sed 's/^ /    wrk: /')")
}

# ---------------------------------------------------------------- nginx anchor
# run_nginx KEY PATH CONNECTIONS [PAGE_FILE]: wrk on nginx (serving PAGE_FILE at /page.json when
# given) for PATH, stored under KEY.
run_nginx() {
    local key="$1" path="$2" page="${4:-}"
    nginx_port="$(free_port)"
    log "nginx on port $nginx_port for $path${page:+ ($(wc -c <"$page") bytes)}"
    NGINX_PAGE_FILE="$page" NGINX_PORT="$nginx_port" "${nice_cmd[@]}" "$here/nginx/run.sh" >"$work/nginx-${key//[^A-Za-z0-9_.-]/_}.log" 2>&1 &
    nginx_pid=$!
    if wait_for_health "$nginx_port" "$nginx_pid" 10; then
        wrk_connections="$3" wrk_run "$key" "http://127.0.0.1:$nginx_port$path" get.lua || true
    else
        failures+=("nginx did not answer on port $nginx_port: $(tail -n 3 "$work/nginx-${key//[^A-Za-z0-9_.-]/_}.log" | tr '\n' ' ')")
    fi
    stop_process "$nginx_pid"
    nginx_pid=""
}

# measure_nginx ROWS: nginx serving the same health body, stored under "ROWS|nginx". Measured
# right before each server run, so the ratio compares figures taken minutes apart at most (the
# machine may be shared).
measure_nginx() {
    run_nginx "$1|nginx" /v1/health/ "$connections"
}

# measure_nginx_page ROWS: nginx serving the ?tags=T page our server answered (its check body)
# with --target-connections, stored under "ROWS|target|nginx_page".
measure_nginx_page() {
    local page="$work/check-$1-agents_by_tag.txt"
    [[ -s "$page" ]] || return 0
    run_nginx "$1|target|nginx_page" /page.json "$target_connections" "$page"
}

# measure_endpoint NAME KEY CONNECTIONS: the curl check, then wrk, then the server's RSS, all
# under KEY. Returns 1 if the server has exited.
measure_endpoint() {
    local name="$1" key="$2"
    if ! check_endpoint "$name" "$base" "$work/check-$rows-$name.txt"; then
        failures+=("$key: check failed: $check_message")
    fi
    wrk_connections="$3" wrk_run "$key" "$base$(endpoint_path "$name")" "${endpoint_lua[$name]}" $(endpoint_args "$name") || true
    result_rss[$key]="$(rss_kb "$server_pid")"
    if ! kill -0 "$server_pid" 2>/dev/null; then
        failures+=("$key: server exited: $(tail -n 5 "$work/server-$rows.log" | tr '\n' ' ')")
        return 1
    fi
}

# ---------------------------------------------------------------- per row count
for rows in "${rows_counts[@]}"; do
    db="$work/bench-$rows.db"
    prepare_database "$rows"
    declare -A seed=()
    while IFS='=' read -r key value; do seed[$key]="$value"; done <"$work/seed-$rows.env"
    extra["$rows|seed"]="${seed[identity_seconds]} s identities + ${seed[agent_seconds]} s agents (${seed[blocks]} blocks)"
    extra[samples]+="${extra[samples]:+; }$rows rows: K = \`${seed[hub_key]}\` (${seed[hub_agents]} agents), T = \`${seed[tag]}\` (${seed[tag_agents]} agents)"
    extra["$rows|db_size"]="$(file_size "$db" "$db-wal")"
    extra["$rows|db_bytes_per_100k"]=$((${extra[$rows|db_size]} * 100000 / rows))
    extra["$rows|identity_bytes_per_100k"]=$(($(cat "$work/identities-$rows.size") * 100000 / rows))

    [[ $with_nginx -eq 0 ]] || measure_nginx "$rows"

    port="$(free_port)"
    log "starting identity-server on port $port ($rows rows)"
    start_us="$(now_us)"
    "${nice_cmd[@]}" "$server_bin" --host 127.0.0.1 --port "$port" --db "$db" --no-access-log ${workers:+--workers "$workers"} \
        >"$work/server-$rows.log" 2>&1 &
    server_pid=$!
    if ! wait_for_health "$port" "$server_pid" 20; then
        failures+=("$rows rows: server did not answer /v1/health/ with 200: $(tail -n 5 "$work/server-$rows.log" | tr '\n' ' ')")
        stop_process "$server_pid"
        server_pid=""
        continue
    fi
    extra["$rows|cold_start_ms"]="$(((($(now_us) - start_us) + 500) / 1000))"
    sleep 1
    extra["$rows|rss_idle"]="$(rss_kb "$server_pid")"

    base="http://127.0.0.1:$port"
    for name in "${endpoint_run_order[@]}" ; do
        if [[ "$name" == post_identity && $with_targets -eq 1 ]]; then
            # The reads are done: issue 17's target workload, before any write changes the rows.
            for target in "${target_endpoints[@]}"; do
                measure_endpoint "$target" "$rows|target|$target" "$target_connections" || break 2
            done
        fi
        [[ " ${selected[*]} " == *" $name "* ]] || continue
        measure_endpoint "$name" "$rows|$name" "$connections" || break
    done
    extra["$rows|rss_end"]="$(rss_kb "$server_pid")"
    stop_process "$server_pid"
    server_pid=""
    [[ $with_nginx -eq 0 || $with_targets -eq 0 ]] || measure_nginx_page "$rows"
    [[ -n "$keep_dir" ]] || rm -f "$db" "$db-wal" "$db-shm"
done

[[ $with_letta -eq 0 ]] || letta_compare || true

# ---------------------------------------------------------------- report
source "$here/lib/report.sh"
report="$(print_report)"
[[ $with_letta -eq 0 ]] || report+=$'\n\n'"$(print_letta_report)"
echo "$report"
[[ -z "$out_file" ]] || echo "$report" >"$out_file"

if [[ ${#failures[@]} -gt 0 ]]; then
    echo >&2
    echo "FAILURES (${#failures[@]}):" >&2
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
fi
