# Renders run.sh's results as markdown (sourced by run.sh; reads its result arrays).

fmt_ms() { [[ -n "${1:-}" ]] && awk -v us="$1" 'BEGIN { printf (us < 10000 ? "%.2f ms" : "%.1f ms"), us / 1000 }' || echo "–"; }
fmt_mb_kb() { [[ -n "${1:-}" ]] && awk -v kb="$1" 'BEGIN { printf "%.1f MB", kb / 1024 }' || echo "–"; }
fmt_mb_bytes() { [[ -n "${1:-}" ]] && awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }' || echo "–"; }
fmt_rps() { [[ -n "${1:-}" ]] && awk -v r="$1" 'BEGIN { printf "%.0f", r }' || echo "–"; }

# health_ratio ROWS: server health req/s divided by nginx health req/s.
health_ratio() {
    local server="${result_rps[$1|health]:-}" anchor="${result_rps[$1|nginx]:-}"
    [[ -n "$server" && -n "$anchor" ]] || { echo ""; return; }
    awk -v s="$server" -v n="$anchor" 'BEGIN { printf "%.2f", s / n }'
}

# verdict OK: "met" when the awk condition holds, "missed" when not, "not measured" without data.
verdict() {
    local value="$1" condition="$2"
    [[ -n "$value" ]] || { echo "not measured"; return; }
    awk -v v="$value" "BEGIN { exit !(v $condition) }" && echo "met" || echo "missed"
}

machine_summary() {
    local cpu memory swift_version wrk_version nginx_version
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    swift_version="$(swift --version 2>&1 | head -n 1)"
    wrk_version="$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
    nginx_version="$(nginx -v 2>&1 | sed 's/^nginx version: //')"
    echo "- Machine: $(nproc) CPUs ($cpu), $memory RAM, Linux $(uname -r)"
    echo "- Toolchain: $swift_version; $wrk_version; $nginx_version"
}

print_report() {
    local rows name key largest=0
    for rows in "${rows_counts[@]}"; do [[ $rows -gt $largest ]] && largest=$rows; done
    echo "## identity-server benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    machine_summary
    echo "- Load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Command: \`$command_line\`"
    echo "- Load: \`wrk -t$threads -c$connections -d${duration}s --latency\` on the same machine;" \
        "server \`identity-server --no-access-log${workers:+ --workers $workers}\` ($config build)${nice_cmd[*]:+, server, nginx and wrk under \`${nice_cmd[*]}\`}"
    echo
    echo "| endpoint | rows | connections | req/s | p50 | p99 | errors | server RSS |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for rows in "${rows_counts[@]}"; do
        key="$rows|nginx"
        if [[ -n "${result_requests[$key]:-}" ]]; then
            echo "| GET /v1/health/ (nginx, same body) | $rows | $connections | $(fmt_rps "${result_rps[$key]:-}") |" \
                "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "${result_p99[$key]:-}") | ${result_errors[$key]:-–} | – |"
        fi
        for name in "${endpoint_order[@]}"; do
            [[ " ${selected[*]} " == *" $name "* ]] || continue
            key="$rows|$name"
            echo "| ${endpoint_label[$name]} | $rows | $connections | $(fmt_rps "${result_rps[$key]:-}") |" \
                "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "${result_p99[$key]:-}") | ${result_errors[$key]:-–} |" \
                "$(fmt_mb_kb "${result_rss[$key]:-}") |"
        done
    done
    echo
    echo "| rows | cold start to first 200 | RSS idle | RSS at end | database file | database per 100k rows | per 100k identities (identities only) | health / nginx | seed time |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for rows in "${rows_counts[@]}"; do
        local ratio
        ratio="$(health_ratio "$rows")"
        echo "| $rows | ${extra[$rows|cold_start_ms]:-–} ms | $(fmt_mb_kb "${extra[$rows|rss_idle]:-}") |" \
            "$(fmt_mb_kb "${extra[$rows|rss_end]:-}") | $(fmt_mb_bytes "${extra[$rows|db_size]:-}") |" \
            "$(fmt_mb_bytes "${extra[$rows|db_bytes_per_100k]:-}") |" \
            "$(fmt_mb_bytes "${extra[$rows|identity_bytes_per_100k]:-}") | ${ratio:+${ratio}×} | ${extra[$rows|seed]:-–} |"
    done
    echo
    local ratio p99 rps
    ratio="$(health_ratio "$largest")"
    echo "Targets of issue 7, at $largest rows:"
    echo
    echo "| target | measured | verdict |"
    echo "| --- | ---: | --- |"
    echo "| health ≥ 0.6× nginx | ${ratio:-–}× | $(verdict "$ratio" ">= 0.6") |"
    p99="${result_p99[$largest|health]:-}"
    echo "| health p99 < 5 ms (nginx: $(fmt_ms "${result_p99[$largest|nginx]:-}")) | $(fmt_ms "$p99") | $(verdict "$p99" "< 5000") |"
    rps="${result_rps[$largest|post_identity]:-}"
    echo "| POST /v1/identities/ ≥ 15k req/s | $(fmt_rps "$rps") | $(verdict "$rps" ">= 15000") |"
    rps="${result_rps[$largest|get_identity]:-}"
    echo "| GET /v1/identities/{id} ≥ 35k req/s | $(fmt_rps "$rps") | $(verdict "$rps" ">= 35000") |"
    p99="${result_p99[$largest|agents_by_key]:-}"
    echo "| GET /v1/agents/?identifier_keys=K p99 < 5 ms | $(fmt_ms "$p99") | $(verdict "$p99" "< 5000") |"
    p99="${result_p99[$largest|agents_by_tag]:-}"
    echo "| GET /v1/agents/?tags=T p99 < 5 ms | $(fmt_ms "$p99") | $(verdict "$p99" "< 5000") |"
    local cold="${extra[$largest|cold_start_ms]:-}" idle="${extra[$largest|rss_idle]:-}"
    echo "| cold start < 100 ms | ${cold:-–} ms | $(verdict "$cold" "< 100") |"
    echo "| RSS idle < 20 MiB (issue 17) | $(fmt_mb_kb "$idle") | $(verdict "$idle" "< 20480") |"
    [[ $with_targets -eq 0 ]] || print_targets
}

# Issue 17's targets, per row count: the three agent reads with --target-connections.
print_targets() {
    local rows key p99 rps
    echo
    echo "Targets of issue 17 (\`wrk -t$threads -c$target_connections -d${duration}s\`, curl's User-Agent;" \
        "K and T per row count: ${extra[samples]:-–}):"
    echo
    echo "| rows | target | req/s | p50 | p99 | errors | verdict |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | --- |"
    for rows in "${rows_counts[@]}"; do
        key="$rows|target|agents_by_key"
        p99="${result_p99[$key]:-}"
        echo "| $rows | GET /v1/agents/?identifier_keys=K p99 < 5 ms | $(fmt_rps "${result_rps[$key]:-}") |" \
            "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "$p99") | ${result_errors[$key]:-–} | $(verdict "$p99" "< 5000") |"
        key="$rows|target|agents_by_tag"
        p99="${result_p99[$key]:-}"
        echo "| $rows | GET /v1/agents/?tags=T&limit=50 p99 < 5 ms | $(fmt_rps "${result_rps[$key]:-}") |" \
            "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "$p99") | ${result_errors[$key]:-–} | $(verdict "$p99" "< 5000") |"
        key="$rows|target|nginx_page"
        [[ -z "${result_rps[$key]:-}" ]] ||
            echo "| $rows | anchor: nginx serving the same page from a file | $(fmt_rps "${result_rps[$key]}") |" \
                "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "${result_p99[$key]:-}") | ${result_errors[$key]:-–} | – |"
        key="$rows|target|get_agent"
        rps="${result_rps[$key]:-}"
        echo "| $rows | GET /v1/agents/{id} ≥ 50k req/s | $(fmt_rps "$rps") |" \
            "$(fmt_ms "${result_p50[$key]:-}") | $(fmt_ms "${result_p99[$key]:-}") | ${result_errors[$key]:-–} | $(verdict "$rps" ">= 50000") |"
    done
}
