# `Benchmarks/run.sh --with-letta` (sourced by run.sh): the runner's endpoints against
# identity-server and the real Letta 0.16.8 side by side, both seeded the same way through their
# REST APIs (Benchmarks/letta_seed.py), then one table with both columns and the ratio.
#
# Letta comes from ../shared/letta/letta-server.sh (LETTA_SERVER_SCRIPT overrides; `setup` is a
# no-op once its venv exists) on a free loopback port triple (PORT, +10000 its PostgreSQL, +20000
# the provider stub), and is stopped and its state removed on exit; --letta-url uses a running
# Letta instead (nothing started or stopped; its existing rows are counted into the checks).
# identity-server runs on a fresh SQLite database. Every agent GET carries curl's User-Agent, so
# both servers fill every relationship (Letta's legacy-client rule, spec §8.10), as the seed
# guide's curl calls see them. Uses run.sh's globals and helpers (wrk_run, check_endpoint, ...).

letta_rows=1000          # identities and agents seeded into each server
letta_connections=4      # wrk -c for both servers (Letta answers one request at a time; it collapses at -c64)
letta_duration=15        # wrk -d seconds, both servers
letta_timeout=15         # wrk --timeout seconds, both servers
letta_seed_workers=8     # parallel seeding requests
letta_url=""             # a running Letta to use instead of starting one
letta_model="anthropic/claude-3-7-sonnet-20250219"  # registered by letta-server.sh (the guide's dated handle is a 404 there)
letta_key_prefix=""      # identifier keys' prefix, set with --letta-url (that Letta may hold user_<i> already)
letta_port=""
letta_pid_file=""
letta_notes=()
declare -A letta_size=() letta_seed_line=() letta_rss=()

# letta_option NAME VALUE: one --letta-* option of run.sh; prints why and fails when invalid.
letta_option() {
    local name="$1" value="$2"
    case "$name" in
        --letta-url) [[ "$value" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || { echo "--letta-url takes http://127.0.0.1:PORT" >&2; return 1; }
            letta_url="$value"
            letta_key_prefix="bench-$$-"
            return 0 ;;
        --letta-rows) letta_rows="$value" ;;
        --letta-connections) letta_connections="$value" ;;
        --letta-duration) letta_duration="$value" ;;
        --letta-timeout) letta_timeout="$value" ;;
        --letta-seed-workers) letta_seed_workers="$value" ;;
        *) echo "unknown option $name" >&2; return 1 ;;
    esac
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "$name expects a positive integer, got '$value'" >&2; return 1; }
}

letta_script() { echo "${LETTA_SERVER_SCRIPT:-$root/../shared/letta/letta-server.sh}"; }

# A loopback port P with P, P+10000 and P+20000 all free (Letta's server, PostgreSQL, stub).
letta_free_port() {
    local port attempt offset busy
    for ((attempt = 0; attempt < 200; attempt++)); do
        port=$((21000 + RANDOM % 8000))
        busy=0
        for offset in 0 10000 20000; do
            if { exec 3<>"/dev/tcp/127.0.0.1/$((port + offset))"; } 2>/dev/null; then
                exec 3>&-
                busy=1
            fi
        done
        [[ $busy -eq 1 ]] || { echo "$port"; return 0; }
    done
    return 1
}

# letta_start: a throwaway Letta (under --nice like our server); sets letta_url. letta-server.sh
# bounds its own waits (240 s).
letta_start() {
    local script
    script="$(letta_script)"
    [[ -f "$script" ]] || { failures+=("letta: $script not found (set LETTA_SERVER_SCRIPT)"); return 1; }
    letta_port="$(letta_free_port)" || { failures+=("letta: no free port triple"); return 1; }
    log "starting Letta 0.16.8 on port $letta_port (30-60 s)"
    if ! timeout -k 10 600 bash "$script" setup >"$work/letta-setup.log" 2>&1 ||
        ! timeout -k 10 300 "${nice_cmd[@]}" bash "$script" start "$letta_port" >"$work/letta-start.log" 2>&1; then
        failures+=("letta: did not start: $(tail -n 3 "$work/letta-start.log" "$work/letta-setup.log" 2>/dev/null | tr '\n' ' ')")
        return 1
    fi
    letta_url="http://127.0.0.1:$letta_port"
    letta_pid_file="${LETTA_HOME:-${LETTA_BASE:-/var/tmp/letta-0.16.8}/home}/server-$letta_port/server.pid"
}

# letta_stop: stops the Letta started here and removes its state (run.sh's cleanup calls it).
letta_stop() {
    [[ -n "$letta_port" ]] || return 0
    timeout -k 5 120 bash "$(letta_script)" reset "$letta_port" >/dev/null 2>&1 || true
    letta_port=""
}

# letta_seed SIDE URL: seeds through the API; writes $work/seed-SIDE.env and pool-SIDE.txt.
letta_seed() {
    local side="$1" url="$2" output="$work/letta-seed-$1.log"
    # Bounded: 2 minutes plus 1.2 s per agent (Letta created 3.6 agents/s on 2 busy cores).
    local deadline=$((120 + letta_rows * 6 / 5))
    log "seeding $side ($url): $letta_rows identities, $letta_rows agents through the API"
    if ! timeout -k 10 $((deadline + 60)) python3 "$here/letta_seed.py" "$url" --identities "$letta_rows" \
        --agents "$letta_rows" --workers "$letta_seed_workers" --deadline "$deadline" --model "$letta_model" \
        --info "$work/seed-$side.env" --pool "$work/pool-$side.txt" ${letta_key_prefix:+--key-prefix "$letta_key_prefix"} \
        >"$output" 2>&1; then
        failures+=("letta comparison: seeding $side failed: $(tail -n 3 "$output" | tr '\n' ' ')")
        return 1
    fi
    letta_seed_line[$side]="$(tail -n 1 "$output")"
    log "${letta_seed_line[$side]}"
}

# letta_measure SIDE BASE NAME: check then wrk of one endpoint on one server, under "letta:SIDE|NAME".
# Letta's timeouts, socket errors and runs with no answer at all are reported (table and notes),
# not failures; a status error from either server, or any error from identity-server, fails the
# run as elsewhere. A run without answers shows no latency (wrk's histogram is then empty).
letta_measure() {
    local side="$1" base="$2" name="$3" key="letta:$1|$3"
    local rows="$side" connections="$letta_connections" duration="$letta_duration" wrk_timeout="$letta_timeout"
    local agent_model="$letta_model" body="$work/check-letta-$side-$name.txt" before i
    local -A seed=()
    while IFS='=' read -r field value; do seed[$field]="$value"; done <"$work/seed-$side.env"
    check_endpoint "$name" "$base" "$body" || failures+=("$key: check failed: $check_message")
    letta_size[$key]="$(file_size "$body")"
    before="${#failures[@]}"  # what wrk_run adds from here on
    wrk_run "$key" "$base$(endpoint_path "$name")" "${endpoint_lua[$name]}" $(endpoint_args "$name") || true
    if [[ "$side" == letta && ${#failures[@]} -gt $before ]] &&
        ! grep -q 'Non-2xx' "$work/wrk-${key//[^A-Za-z0-9_.-]/_}.txt"; then
        letta_notes+=("${endpoint_label[$name]}: Letta answered ${result_requests[$key]:-no} requests in ${letta_duration} s, with ${result_errors[$key]:-?} socket errors/timeouts (wrk --timeout ${letta_timeout}s)")
        for ((i = before; i < ${#failures[@]}; i++)); do unset 'failures[i]'; done
        failures=("${failures[@]}")
    fi
    [[ "${result_requests[$key]:-0}" -gt 0 ]] || unset 'result_p50[$key]' 'result_p99[$key]'
}

# letta_compare: the whole comparison (run.sh calls it after its row-count loop).
letta_compare() {
    local ours_pid ours_port name user_agent
    ours_port="$(free_port)"
    "${nice_cmd[@]}" "$server_bin" --host 127.0.0.1 --port "$ours_port" --db "$work/letta-ours.db" --no-access-log \
        ${workers:+--workers "$workers"} >"$work/letta-ours.log" 2>&1 &
    ours_pid=$!
    server_pid=$ours_pid  # so run.sh's cleanup stops it
    if ! wait_for_health "$ours_port" "$ours_pid" 20; then
        failures+=("letta comparison: identity-server did not start: $(tail -n 3 "$work/letta-ours.log" | tr '\n' ' ')")
        return 1
    fi
    [[ -n "$letta_url" ]] || letta_start || return 1
    letta_seed ours "http://127.0.0.1:$ours_port" && letta_seed letta "$letta_url" || return 1

    user_agent="curl/$(curl --version | awk 'NR == 1 { print $2 }')"
    for name in "${endpoint_run_order[@]}"; do
        [[ " ${selected[*]} " == *" $name "* ]] || continue
        log "letta comparison: $name"
        WRK_USER_AGENT="$user_agent" letta_measure ours "http://127.0.0.1:$ours_port" "$name"
        WRK_USER_AGENT="$user_agent" letta_measure letta "$letta_url" "$name"
    done
    letta_rss[ours]="$(rss_kb "$ours_pid")"
    [[ -z "$letta_pid_file" || ! -f "$letta_pid_file" ]] || letta_rss[letta]="$(rss_kb "$(cat "$letta_pid_file")")"
    stop_process "$ours_pid"
    server_pid=""
    letta_stop
}

# Requests per second with one decimal below 100 (Letta's slow endpoints), else whole.
letta_fmt_rps() { [[ -n "${1:-}" ]] && awk -v r="$1" 'BEGIN { printf (r < 100 ? "%.1f" : "%.0f"), r }' || echo "–"; }

# letta_ratio A B: "A/B×" with one decimal, or "–" when either is missing or B is zero.
letta_ratio() {
    [[ -n "${1:-}" && -n "${2:-}" ]] || { echo "–"; return 0; }
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else printf "–" }'
}

print_letta_report() {
    local name ours letta ratio
    echo "## Beside Letta 0.16.8"
    echo
    echo "- Both servers seeded through their REST APIs with the same corpus (Benchmarks/letta_seed.py):" \
        "$letta_rows identities and $letta_rows agents each (model \`$letta_model\`), $letta_seed_workers parallel requests"
    echo "- identity-server: ${letta_seed_line[ours]:-not seeded}"
    echo "- Letta: ${letta_seed_line[letta]:-not seeded}"
    echo "- Load, both servers, one endpoint after the other: \`wrk -t$threads -c$letta_connections -d${letta_duration}s" \
        "--timeout ${letta_timeout}s --latency\`, \`User-Agent: curl/…\` on every GET (all relationships filled);" \
        "identity-server on a fresh SQLite file (\`--no-access-log\`, $config build), Letta \`letta server\` from letta-server.sh"
    echo "- Server RSS at the end: identity-server $(fmt_mb_kb "${letta_rss[ours]:-}"), Letta $(fmt_mb_kb "${letta_rss[letta]:-}") (its PostgreSQL not counted)"
    echo
    echo "| endpoint | ours req/s | ours p50 | ours p99 | Letta req/s | Letta p50 | Letta p99 | req/s ours/Letta | Letta p99 / ours p99 | errors ours / Letta | bytes ours / Letta |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for name in "${endpoint_order[@]}"; do
        [[ " ${selected[*]} " == *" $name "* ]] || continue
        ours="letta:ours|$name" letta="letta:letta|$name"
        ratio="$(letta_ratio "${result_rps[$ours]:-}" "${result_rps[$letta]:-}")"
        local latency
        latency="$(letta_ratio "${result_p99[$letta]:-}" "${result_p99[$ours]:-}")"
        echo "| ${endpoint_label[$name]} | $(letta_fmt_rps "${result_rps[$ours]:-}") | $(fmt_ms "${result_p50[$ours]:-}") |" \
            "$(fmt_ms "${result_p99[$ours]:-}") | $(letta_fmt_rps "${result_rps[$letta]:-}") | $(fmt_ms "${result_p50[$letta]:-}") |" \
            "$(fmt_ms "${result_p99[$letta]:-}") | $ratio | $latency |" \
            "${result_errors[$ours]:-–} / ${result_errors[$letta]:-–} | ${letta_size[$ours]:-–} / ${letta_size[$letta]:-–} |"
    done
    if [[ ${#letta_notes[@]} -gt 0 ]]; then
        echo
        printf -- '- %s\n' "${letta_notes[@]}"
    fi
}
