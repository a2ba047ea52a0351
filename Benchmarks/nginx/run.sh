#!/usr/bin/env bash
# Run nginx in the foreground on 127.0.0.1:8291 as the raw-HTTP anchor.
# A copy of ../shared/bench/nginx/run.sh (kept here so a fresh clone has it), plus
# NGINX_PORT: the config is copied into the temp prefix with its listen port replaced,
# so the benchmark runner can pick a free port.
#
#   Benchmarks/nginx/run.sh            # 2 worker processes
#   NGINX_WORKERS=1 Benchmarks/nginx/run.sh
#   NGINX_PORT=18291 Benchmarks/nginx/run.sh
#   NGINX_PAGE_FILE=page.json Benchmarks/nginx/run.sh   # also serve that file at /page.json
#   taskset -c 0 Benchmarks/nginx/run.sh   # pin master and workers to cpu 0
#
# Everything nginx writes (pid, error log, temp dirs) goes under a fresh
# temp folder that is removed on exit. Stop it with SIGTERM or Ctrl-C to
# this script's PID; the signal is forwarded to the nginx master.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conf="$here/nginx.conf"
workers="${NGINX_WORKERS:-2}"
port="${NGINX_PORT:-8291}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "NGINX_PORT must be a number" >&2; exit 2; }

command -v nginx >/dev/null || {
    echo "nginx not found: apt-get install -y nginx-light" >&2
    exit 1
}

prefix="$(mktemp -d "${TMPDIR:-/tmp}/bench-nginx.XXXXXX")"
# Workers drop to an unprivileged user when started as root: let them in.
chmod 755 "$prefix"
mkdir -p "$prefix/logs" "$prefix/tmp" "$prefix/www"
if [[ -n "${NGINX_PAGE_FILE:-}" ]]; then
    cp "$NGINX_PAGE_FILE" "$prefix/www/page.json"
    chmod 644 "$prefix/www/page.json"
    chmod 755 "$prefix/www"
fi
sed "s/listen 127\.0\.0\.1:8291 /listen 127.0.0.1:$port /" "$conf" >"$prefix/nginx.conf"
conf="$prefix/nginx.conf"

globals="daemon off; master_process on; worker_processes $workers;"

cleanup() {
    if [[ -n "${nginx_pid:-}" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -TERM "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 0' TERM INT

nginx -t -q -p "$prefix/" -c "$conf" -e stderr -g "$globals"
nginx -p "$prefix/" -c "$conf" -e stderr -g "$globals" &
nginx_pid=$!
echo "nginx master pid $nginx_pid on http://127.0.0.1:$port (workers: $workers, prefix: $prefix)" >&2
wait "$nginx_pid"
