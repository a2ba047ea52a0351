#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes the cluster.
#
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a temporary folder (initdb as the unprivileged `postgres` user when run as
# root), starts it on a free port of 127.0.0.1 (unix socket inside the folder), creates the database
# `identity_test`, and runs CMD with:
#   IDENTITY_TEST_POSTGRES_URL   postgres://postgres:PASSWORD@127.0.0.1:PORT/identity_test
#   IDENTITY_TEST_POSTGRES_DATA  the cluster's data directory
#   IDENTITY_TEST_POSTGRES_CTL   a command prefix running pg_ctl on this cluster as its owner, for
#                                `$IDENTITY_TEST_POSTGRES_CTL stop -m fast` / `... start` (the fault test)
# On exit (also on failure or Ctrl-C) the cluster is stopped and the folder deleted. The exit status is
# CMD's. Needs Debian's `postgresql` package (initdb under /usr/lib/postgresql/*/bin).
# WITH_POSTGRES_SETTINGS adds server settings (space-separated name=value), e.g. "fsync=off" for
# faster throwaway test runs; the default keeps PostgreSQL's durable defaults.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

bin_dir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/initdb" ]] && bin_dir="$candidate"
done
if [[ -z "$bin_dir" ]]; then
    bin_dir="$(dirname "$(command -v initdb 2>/dev/null || true)")"
fi
if [[ ! -x "$bin_dir/initdb" ]]; then
    echo "with-postgres: initdb not found; install it with: apt-get install postgresql" >&2
    exit 1
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u postgres --)
fi

pick_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")"
data_dir="$work_dir/data"
socket_dir="$work_dir/socket"
mkdir -p "$socket_dir"
if [[ ${#as_owner[@]} -gt 0 ]]; then
    chown -R postgres: "$work_dir"
fi

cleanup() {
    local status=$?
    if [[ -f "$data_dir/postmaster.pid" ]]; then
        "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" >"$work_dir/password"
[[ ${#as_owner[@]} -gt 0 ]] && chown postgres: "$work_dir/password"
"${as_owner[@]}" "$bin_dir/initdb" -D "$data_dir" -U postgres --pwfile="$work_dir/password" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$work_dir/initdb.log" 2>&1 || {
    cat "$work_dir/initdb.log" >&2
    exit 1
}
rm -f "$work_dir/password"

pg_ctl=("${as_owner[@]}" "$bin_dir/pg_ctl" -D "$data_dir" -l "$work_dir/server.log" -w -t 30)
cp "$data_dir/postgresql.conf" "$work_dir/postgresql.conf.initdb"
port=""
for _ in 1 2 3 4 5; do
    port="$(pick_port)"
    {
        cat "$work_dir/postgresql.conf.initdb"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$socket_dir'"
        for setting in ${WITH_POSTGRES_SETTINGS:-}; do
            echo "${setting%%=*} = '${setting#*=}'"
        done
    } >"$data_dir/postgresql.conf"
    if "${pg_ctl[@]}" start >/dev/null; then
        break
    fi
    port=""
done
if [[ -z "$port" ]]; then
    echo "with-postgres: the server did not start; its log:" >&2
    cat "$work_dir/server.log" >&2
    exit 1
fi

"${as_owner[@]}" "$bin_dir/createdb" -h "$socket_dir" -p "$port" -U postgres identity_test

export IDENTITY_TEST_POSTGRES_URL="postgres://postgres:$password@127.0.0.1:$port/identity_test"
export IDENTITY_TEST_POSTGRES_DATA="$data_dir"
export IDENTITY_TEST_POSTGRES_CTL="${pg_ctl[*]}"
echo "with-postgres: PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($work_dir)" >&2

"$@"
