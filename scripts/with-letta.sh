#!/usr/bin/env bash
# Runs a command against a throwaway real Letta 0.16.8 server, then stops it and deletes its state.
#
# Usage: scripts/with-letta.sh CMD [ARGS...]
#
# Uses ../shared/letta/letta-server.sh (beside the repository; LETTA_SERVER_SCRIPT overrides): `setup`
# once per machine (3-6 minutes the first time, a no-op after), then `start` on a free loopback port
# with a fresh state folder (its own PostgreSQL, the provider stub). CMD runs with:
#   LETTA_URL       http://127.0.0.1:PORT
#   LETTA_PASSWORD  the password, when WITH_LETTA_PASSWORD is set (Letta's password mode: every call
#                   needs `Authorization: Bearer PASSWORD`); empty otherwise
# On exit (also on failure or Ctrl-C) the server is stopped and its state removed. The exit status is
# CMD's.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
letta="${LETTA_SERVER_SCRIPT:-$repo_root/../shared/letta/letta-server.sh}"
if [[ ! -f "$letta" ]]; then
    echo "with-letta: $letta not found (set LETTA_SERVER_SCRIPT)" >&2
    exit 1
fi

# Letta's script also uses PORT+10000 (its PostgreSQL) and PORT+20000 (the provider stub).
port="$(python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(200):
    p = random.randint(21000, 29000)
    if all(free(p + d) for d in (0, 10000, 20000)):
        print(p)
        break
PY
)"
[[ -n "$port" ]] || { echo "with-letta: no free port triple found" >&2; exit 1; }

bash "$letta" setup >&2

cleanup() {
    local status=$?
    bash "$letta" reset "$port" >/dev/null 2>&1 || true
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export LETTA_PASSWORD=""
if [[ -n "${WITH_LETTA_PASSWORD:-}" ]]; then
    export LETTA_PASSWORD="$WITH_LETTA_PASSWORD"
    LETTA_SERVER_SECURE=true LETTA_SERVER_PASSWORD="$WITH_LETTA_PASSWORD" bash "$letta" start "$port" >&2
else
    bash "$letta" start "$port" >&2
fi
export LETTA_URL="http://127.0.0.1:$port"
echo "with-letta: Letta 0.16.8 on $LETTA_URL" >&2

"$@"
