#!/usr/bin/env bash
# Benchmarks identity-server on PostgreSQL with one and with two instances on one database, beside the
# embedded SQLite backend, with the same seeded data:
#   GET /v1/identities/{id}, GET /v1/agents/{id}, GET /v1/agents/?identifier_keys=K (K linked to 10 agents),
#   GET /v1/agents/?tags=T&limit=50 (T on 1 agent in 50), POST /v1/identities/
# Every request carries curl's User-Agent, as issue 17's measurements do.
#
# Usage: scripts/bench-postgres.sh [--rows N] [--duration S] [--connections C] [--workers W] [--no-sqlite]
#   --rows N         identities and agents to seed (default 100000); each agent has 2 memory blocks,
#                    a tag and 1–3 linked identities
#   --duration S     seconds per wrk run (default 10)
#   --connections C  wrk connections in total (default 64; split over the instances)
#   --workers W      identity-server --workers (default: the server's default, one per core)
# Runs under scripts/with-postgres.sh (a throwaway cluster with PostgreSQL's durable defaults) unless
# IDENTITY_TEST_POSTGRES_URL is already set. Needs wrk, psql, sqlite3, curl (apt: wrk postgresql sqlite3 curl).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/Benchmarks/lib/process.sh"  # cpu_ticks

rows=100000 duration=10 connections=64 workers="" sqlite=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --workers) workers="$2"; shift 2 ;;
        --no-sqlite) sqlite=0; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "bench-postgres: unknown option $1" >&2; exit 2 ;;
    esac
done
if [[ -z "${IDENTITY_TEST_POSTGRES_URL:-}" ]]; then
    exec scripts/with-postgres.sh "$0" --rows "$rows" --duration "$duration" --connections "$connections" \
        ${workers:+--workers "$workers"} $([[ $sqlite == 0 ]] && echo --no-sqlite)
fi
for tool in wrk psql curl; do
    command -v "$tool" >/dev/null || { echo "bench-postgres: $tool is missing" >&2; exit 1; }
done

swift build -c release --product identity-server >&2
BIN="$(swift build -c release --show-bin-path)/identity-server"
ORG="org-00000000-0000-4000-8000-000000000000"
USER_AGENT="curl/8.5.0"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-postgres.XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# start_server NAME DB → prints the port; the pid goes to $work/NAME.pid
start_server() {
    "$BIN" --host 127.0.0.1 --port 0 --db "$2" --no-access-log ${workers:+--workers "$workers"} \
        >"$work/$1.out" 2>"$work/$1.err" &
    echo $! >"$work/$1.pid"
    for _ in $(seq 300); do
        if grep -q listening "$work/$1.out" 2>/dev/null; then
            grep listening "$work/$1.out" | grep -o '[0-9]*$'
            return 0
        fi
        sleep 0.1
    done
    echo "bench-postgres: $1 did not start: $(cat "$work/$1.err")" >&2
    return 1
}
stop_server() {
    local pid
    pid="$(cat "$work/$1.pid")"
    kill "$pid" && wait "$pid" 2>/dev/null || true
}

# An agent made through the API: the seed copies its stored document.
template_agent() {
    curl -sf -X POST "http://127.0.0.1:$1/v1/agents/" -H 'Content-Type: application/json' \
        -d '{"name":"template","model":"anthropic/claude-3-5-sonnet-20241022","embedding":"openai/text-embedding-3-small",
             "memory_blocks":[{"label":"human","value":"x"},{"label":"persona","value":"y"}]}' \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# CPU time (clock ticks) of the running servers and of the PostgreSQL cluster (postmaster and its children,
# when the cluster is the local throwaway one), read around each wrk run to report CPU per request.
server_pids=()
postgres_ticks() {
    local postmaster
    postmaster="$(head -1 "${IDENTITY_TEST_POSTGRES_DATA:-/nonexistent}/postmaster.pid" 2>/dev/null || true)"
    [[ -n "$postmaster" ]] || { echo 0; return; }
    cpu_ticks "$postmaster" $(pgrep -P "$postmaster")
}
hertz="$(getconf CLK_TCK)"

results=()
# wrk_run LABEL BACKEND INSTANCES URL... [-- lua script args]: one wrk per URL at once, connections split.
wrk_run() {
    local label="$1" backend="$2" instances="$3"; shift 3
    local urls=() script=() per=$((connections / instances)) index=0 wrk_pids=()
    local server_before postgres_before
    server_before="$(cpu_ticks "${server_pids[@]}")"
    postgres_before="$(postgres_ticks)"
    while [[ $# -gt 0 && "$1" != "--" ]]; do urls+=("$1"); shift; done
    [[ $# -gt 0 ]] && { shift; script=("$@"); }
    for url in "${urls[@]}"; do
        if [[ ${#script[@]} -gt 0 ]]; then
            wrk -t2 -c"$per" -d"${duration}s" --latency -s "${script[0]}" "$url" -- "${script[@]:1}" "i$index-$RANDOM" \
                >"$work/wrk-$index.txt" 2>&1 &
        else
            wrk -t2 -c"$per" -d"${duration}s" --latency -H "User-Agent: $USER_AGENT" "$url" >"$work/wrk-$index.txt" 2>&1 &
        fi
        wrk_pids+=($!)
        index=$((index + 1))
    done
    wait "${wrk_pids[@]}"
    local server_used=$(($(cpu_ticks "${server_pids[@]}") - server_before)) postgres_used=$(($(postgres_ticks) - postgres_before))
    local files=()
    for ((i = 0; i < index; i++)); do files+=("$work/wrk-$i.txt"); done
    local rps p50 p99 errors server_cpu postgres_cpu
    IFS=$'\t' read -r rps p50 p99 errors server_cpu postgres_cpu < <(python3 - "$server_used" "$postgres_used" "$hertz" "${files[@]}" <<'PY'
import re, sys
rps, p50, p99, errors, requests = 0.0, [], [], 0, 0
server_ticks, postgres_ticks, hertz = (int(value) for value in sys.argv[1:4])
for path in sys.argv[4:]:
    text = open(path).read()
    found = re.search(r"Requests/sec:\s+([\d.]+)", text)
    rps += float(found.group(1)) if found else 0
    for label, into in (("50%", p50), ("99%", p99)):
        found = re.search(rf"^\s+{label}\s+(\S+)", text, re.M)
        into.append(found.group(1) if found else "?")
    found = re.search(r"(\d+) requests in", text)
    requests += int(found.group(1)) if found else 0
    found = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors += int(found.group(1)) if found else 0
    found = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors += sum(map(int, found.groups())) if found else 0
per_request = lambda ticks: round(ticks / hertz * 1e6 / requests) if requests else 0
print(f"{round(rps)}\t{' / '.join(p50)}\t{' / '.join(p99)}\t{errors}\t{per_request(server_ticks)}\t{per_request(postgres_ticks)}")
PY
)
    results+=("$(printf '| %-36s | %-10s | %d | %7s | %-17s | %-19s | %6s | %7s | %7s |' "$label" "$backend" "$instances" \
        "$rps" "$p50" "$p99" "$errors" "$server_cpu" "$postgres_cpu")")
    echo "bench-postgres: $label $backend ×$instances: $rps req/s" >&2
    if [[ "$errors" != 0 ]]; then
        grep -h -E 'Socket errors|Non-2xx' "${files[@]}" | sed 's/^/bench-postgres:   /' >&2
    fi
}

endpoints() {  # BACKEND INSTANCES IDENTITY_ID AGENT_ID PORT...
    local backend="$1" instances="$2" identity="$3" agent="$4"; shift 4
    local ports=("$@")
    # on_all LABEL PATH [-- SCRIPT...]: wrk_run on PATH of every instance (URLs built in a loop:
    # `&` in a ${a[@]/%/…} replacement stands for the match).
    on_all() {
        local label="$1" path="$2" port urls=()
        shift 2
        for port in "${ports[@]}"; do urls+=("http://127.0.0.1:$port$path"); done
        wrk_run "$label" "$backend" "$instances" "${urls[@]}" "$@"
    }
    on_all "GET /v1/identities/{id}" "/v1/identities/$identity"
    on_all "GET /v1/agents/{id}" "/v1/agents/$agent"
    on_all "GET /v1/agents/?identifier_keys=K" "/v1/agents/?identifier_keys=$key"
    on_all "GET /v1/agents/?tags=T&limit=50" "/v1/agents/?tags=$tag&limit=50"
    on_all "POST /v1/identities/" "/v1/identities/" -- "$ROOT/Benchmarks/postgres/post_identity.lua"
}

# check_samples PORT: the sample key answers its 10 agents and the tag a full page, or the run stops.
check_samples() {
    local count
    count="$(curl -sf -A "$USER_AGENT" "http://127.0.0.1:$1/v1/agents/?identifier_keys=$key" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    [[ "$count" == 10 ]] || { echo "bench-postgres: $key has $count agents, expected 10" >&2; exit 1; }
    count="$(curl -sf -A "$USER_AGENT" "http://127.0.0.1:$1/v1/agents/?tags=$tag&limit=50" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    [[ "$count" == 50 ]] || { echo "bench-postgres: tag $tag answered $count agents, expected 50" >&2; exit 1; }
}

# Samples: hub identity 100h (exactly 10 agents) in the middle, a tag on every 50th agent, the middle agent.
key="user-$((rows / 200 * 100))"
tag="tier-7"

# PostgreSQL: one database, one then two servers.
psql -X -q "$IDENTITY_TEST_POSTGRES_URL" -c "CREATE DATABASE bench"
pg_url="${IDENTITY_TEST_POSTGRES_URL%/*}/bench"
port1="$(start_server pg1 "$pg_url")"
pids+=("$(cat "$work/pg1.pid")")
server_pids=("$(cat "$work/pg1.pid")")
template="$(template_agent "$port1")"
started=$SECONDS
psql -X -q "$pg_url" -v rows="$rows" -v template="$template" -v org="$ORG" -f Benchmarks/postgres/seed-postgres.sql
echo "bench-postgres: seeded PostgreSQL with $rows identities and agents in $((SECONDS - started)) s" >&2
identity="$(psql -X -tA "$pg_url" -c "SELECT id FROM identities WHERE identifier_key = '$key'")"
agent="$(psql -X -tA "$pg_url" -c "SELECT id FROM agents WHERE name = 'agent-$((rows / 2))'")"
check_samples "$port1"
echo "bench-postgres: samples $identity ($key), $agent; database $(psql -X -tA "$pg_url" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")" >&2
endpoints PostgreSQL 1 "$identity" "$agent" "$port1"
port2="$(start_server pg2 "$pg_url")"
pids+=("$(cat "$work/pg2.pid")")
server_pids+=("$(cat "$work/pg2.pid")")
endpoints PostgreSQL 2 "$identity" "$agent" "$port1" "$port2"
stop_server pg2
stop_server pg1

# SQLite: the same data in a file.
if [[ $sqlite == 1 ]] && command -v sqlite3 >/dev/null; then
    db="$work/bench.sqlite"
    port="$(start_server sq1 "$db")"
    template="$(template_agent "$port")"
    stop_server sq1
    started=$SECONDS
    sed -e "s/@ROWS@/$rows/g" -e "s/@TEMPLATE@/$template/g" -e "s/@ORG@/$ORG/g" Benchmarks/postgres/seed-sqlite.sql \
        | sqlite3 "$db"
    echo "bench-postgres: seeded SQLite in $((SECONDS - started)) s" >&2
    identity="$(sqlite3 "$db" "SELECT id FROM identities WHERE identifier_key = '$key'")"
    agent="$(sqlite3 "$db" "SELECT id FROM agents WHERE name = 'agent-$((rows / 2))'")"
    port="$(start_server sq2 "$db")"
    pids+=("$(cat "$work/sq2.pid")")
    server_pids=("$(cat "$work/sq2.pid")")
    check_samples "$port"
    endpoints SQLite 1 "$identity" "$agent" "$port"
    stop_server sq2
fi

echo
echo "identity-server, $rows identities + $rows agents, wrk -t2 -c$connections -d${duration}s per row (split over instances), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "samples: K = $key (10 agents), T = $tag (1 agent in 50), User-Agent $USER_AGENT"
echo "(server µs and postgres µs: CPU time per request of the identity-server processes and of the PostgreSQL cluster)"
echo "| endpoint                             | backend    | n | req/s   | p50               | p99                 | errors | server µs | postgres µs |"
echo "|--------------------------------------|------------|---|---------|-------------------|---------------------|--------|---------|---------|"
printf '%s\n' "${results[@]}"
