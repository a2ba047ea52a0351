#!/usr/bin/env bash
# Integration suite: drives a freshly built identity-server through the real Letta
# Python SDKs (Stainless letta-client 1.7.0 and Fern letta-client 0.1.324), raw httpx
# wire tests, OpenAPI response-schema checks on every response, and a bounded
# schemathesis run against the live server's /openapi.json.
#
# Needs only python3 (with venv + pip) and PyPI; the venvs live in .venv/ and are
# reused while their requirements file is unchanged.
#
# Environment:
#   PYTHON=python3            interpreter used to create the venvs
#   SWIFT_BUILD_CONFIG=debug  debug|release build of identity-server
#   IDENTITY_SERVER_BIN=...   use this binary instead of building
#   SCHEMATHESIS_MAX_EXAMPLES=25  examples per operation and phase
#   SKIP_SCHEMATHESIS=1       skip the schemathesis step
#   PYTEST_ARGS="..."         extra pytest arguments (e.g. -x, -k name)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SUITE="$ROOT/Tests/Integration"
VENVS="$ROOT/.venv"
LOGS="$ROOT/.build/integration-logs"
PYTHON="${PYTHON:-python3}"
CONFIG="${SWIFT_BUILD_CONFIG:-debug}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
mkdir -p "$LOGS"
export INTEGRATION_LOG_DIR="$LOGS"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'integration-tests: %s\n' "$*" >&2; exit 2; }

# -- venvs ------------------------------------------------------------------------------
ensure_venv() {  # name requirements-file
    local venv="$VENVS/$1" requirements="$2" stamp want
    want="$("$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$requirements")"
    stamp="$venv/.requirements.sha256"
    if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return 0
    fi
    step "creating venv .venv/$1 from ${requirements#"$ROOT/"}"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv" || die "cannot create venv $venv (is python3-venv installed?)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
        || die "pip install failed for $1"
    echo "$want" > "$stamp"
}

ensure_venv stainless "$SUITE/requirements-stainless.txt"
ensure_venv fern "$SUITE/requirements-fern.txt"
ensure_venv tools "$SUITE/requirements-tools.txt"

# -- server binary ------------------------------------------------------------------------
if [[ -z "${IDENTITY_SERVER_BIN:-}" ]]; then
    step "building identity-server ($CONFIG)"
    swift build -c "$CONFIG" --product identity-server || die "swift build failed"
    IDENTITY_SERVER_BIN="$(swift build -c "$CONFIG" --show-bin-path)/identity-server"
fi
[[ -x "$IDENTITY_SERVER_BIN" ]] || die "no server binary at $IDENTITY_SERVER_BIN"
export IDENTITY_SERVER_BIN

# -- steps ----------------------------------------------------------------------------------
declare -a RESULTS=()
FAILED=0
record() {  # name exit-code
    if [[ "$2" -eq 0 ]]; then RESULTS+=("PASS  $1"); else RESULTS+=("FAIL  $1 (exit $2)"); FAILED=1; fi
}

step "validating openapi/openapi.json (OpenAPI 3.1)"
"$VENVS/tools/bin/openapi-spec-validator" "$ROOT/openapi/openapi.json"
record "openapi-spec-validator" $?

step "checking the embedded copy (Sources/IdentityCore/OpenAPI) is up to date"
"$PYTHON" "$ROOT/scripts/generate-openapi-swift.py" --check
record "generate-openapi-swift --check" $?

# shellcheck disable=SC2086
run_pytest() {  # name venv dirs...
    local name="$1" venv="$2"; shift 2
    step "pytest: $name"
    (cd "$SUITE" && "$VENVS/$venv/bin/python" -m pytest "$@" --junitxml="$LOGS/junit-$venv.xml" ${PYTEST_ARGS:-})
    local code=$?
    record "pytest $name" "$code"
}

run_pytest "raw+stainless (letta-client 1.7.0)" stainless raw stainless
run_pytest "fern (letta-client 0.1.324)" fern fern

if [[ "${SKIP_SCHEMATHESIS:-0}" != "1" ]]; then
    step "schemathesis against the live server (max $MAX_EXAMPLES examples per operation, seed 20240501)"
    # A fresh working directory each run: schemathesis keeps a crash cache (.schemathesis/)
    # in its cwd and replays it first, which would make runs depend on earlier ones.
    st_work="$LOGS/schemathesis-work"
    rm -rf "$st_work" && mkdir -p "$st_work"
    (cd "$st_work" && PYTHONPATH="$SUITE" timeout 900 "$VENVS/tools/bin/python" -m harness.run_with_server --log-dir "$LOGS" -- \
        "$VENVS/tools/bin/schemathesis" run "{base_url}/openapi.json" \
            --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
            --phases examples,coverage,fuzzing,stateful \
            --max-examples "$MAX_EXAMPLES" \
            --seed 20240501 \
            --workers 1 \
            --request-timeout 10 \
            --suppress-health-check all \
            --report junit --report-junit-path "$LOGS/junit-schemathesis.xml")
    record "schemathesis" $?
fi

step "summary"
printf '%s\n' "${RESULTS[@]}"
exit "$FAILED"
