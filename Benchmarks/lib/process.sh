# Process and measurement helpers for the benchmark scripts (sourced). Every wait here is bounded.

# Microseconds since the epoch, without forking (bash 5 EPOCHREALTIME).
now_us() {
    local now="$EPOCHREALTIME"
    echo "${now//[!0-9]/}"
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port attempt
    for ((attempt = 0; attempt < 200; attempt++)); do
        port=$((20000 + RANDOM % 40000))
        if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            echo "$port"
            return 0
        fi
        exec 3>&-
    done
    echo "run.sh: no free port found" >&2
    return 1
}

# Succeeds if GET /v1/health/ on 127.0.0.1:PORT answers 200. No process is forked, so the
# cold-start loop below polls with sub-millisecond resolution.
probe_health() {
    local line=""
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    # A server that resets the connection while starting must not kill this shell with SIGPIPE;
    # the default disposition is restored at once, so processes started later keep it.
    trap '' PIPE
    printf 'GET /v1/health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2>/dev/null || true
    trap - PIPE
    IFS= read -r -t 2 line <&3 2>/dev/null || true
    exec 3>&-
    [[ "$line" == "HTTP/1.1 200"* ]]
}

# wait_for_health PORT PID SECONDS: polls until a 200, the process exits, or time runs out.
wait_for_health() {
    local port="$1" pid="$2" deadline=$(($(now_us) + $3 * 1000000))
    while [[ $(now_us) -lt $deadline ]]; do
        probe_health "$port" && return 0
        kill -0 "$pid" 2>/dev/null || return 1
    done
    return 1
}

# stop_process PID: SIGTERM, up to 5 s to exit, then SIGKILL. No-op for an empty or dead PID.
stop_process() {
    local pid="${1:-}" attempt
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((attempt = 0; attempt < 50; attempt++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# Resident set size of PID in KiB (VmRSS), or empty if it is gone.
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# CPU time (user + system clock ticks, getconf CLK_TCK per second) the given processes have used;
# a process that is gone counts 0.
cpu_ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# Total size in bytes of the given files (missing ones count 0).
file_size() {
    local total=0 file
    for file in "$@"; do
        [[ -f "$file" ]] && total=$((total + $(stat -c %s "$file")))
    done
    echo "$total"
}
