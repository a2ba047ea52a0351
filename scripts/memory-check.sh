#!/usr/bin/env bash
# Starts identity-server on a fresh SQLite database (127.0.0.1, a free port), waits for its first
# 200 on /v1/health/, waits 1 s (as Benchmarks/run.sh measures idle RSS), then prints its idle
# memory: VmRSS, RssAnon, RssFile, threads, and resident KiB per mapping (largest first).
#
# Fails (exit 1) if the idle server maps, or its binary links, Foundation, libcurl or libpq:
# those are loaded only when needed (`migrate` reading a Letta server dlopens libcurl, a
# PostgreSQL database dlopens libpq), which is what keeps idle RSS under 20 MiB
# (BENCHMARKS.md, "Memory").
#
#   scripts/memory-check.sh [--binary PATH] [--config debug|release] [--top N] [-- SERVER ARGS]
#
# Without --binary it builds and uses the server of --config (default debug, the test suite's).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=""
config=debug
top=25
server_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --config) config="${2:?--config needs debug or release}"; shift 2 ;;
        --top) top="${2:?--top needs a number}"; shift 2 ;;
        --) shift; server_args=("$@"); break ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "memory-check.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [[ -z "$binary" ]]; then
    swift build -c "$config" --product identity-server >&2
    binary="$(swift build -c "$config" --show-bin-path)/identity-server"
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

unwanted='lib(Foundation[A-Za-z_]*|_FoundationICU|curl|pq|ssl|crypto|gnutls)\.so'
status=0
if readelf -d "$binary" | grep NEEDED | grep -E "$unwanted"; then
    echo "memory-check: $binary links the libraries above (see BENCHMARKS.md, Memory)" >&2
    status=1
fi

port=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[[ -n "$port" ]] || { echo "memory-check: no free port" >&2; exit 1; }
"$binary" --db "$work/idle.db" --host 127.0.0.1 --port "$port" --no-access-log ${server_args[@]+"${server_args[@]}"} \
    >"$work/server.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$port/v1/health/" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
done
if [[ $up -ne 1 ]]; then
    echo "memory-check: the server did not answer /v1/health/ within 6 s:" >&2
    cat "$work/server.log" >&2
    exit 1
fi
sleep 1

echo "idle identity-server (pid $pid, $(basename "$(dirname "$binary")") build, SQLite):"
grep -E '^(VmRSS|RssAnon|RssFile|Threads):' "/proc/$pid/status" | tr -s '\t ' ' ' | sed 's/^/  /'
echo "resident KiB per mapping:"
awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anonymous]" : $6) }
     /^Rss:/ { rss[name] += $2 }
     END { for (n in rss) if (rss[n] > 0) printf "%8d  %s\n", rss[n], n }' "/proc/$pid/smaps" |
    sort -rn | head -n "$top"
if grep -E "$unwanted" "/proc/$pid/maps" | awk '{ print "  " $6 }' | sort -u | grep .; then
    echo "memory-check: the idle server maps the libraries above (see BENCHMARKS.md, Memory)" >&2
    status=1
fi
exit "$status"
