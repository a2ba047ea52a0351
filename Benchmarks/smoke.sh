#!/usr/bin/env bash
# Smoke test of the benchmark runner, part of the test suite (not its timings):
# 200 rows, 1 s per endpoint, every endpoint plus the nginx anchor. Fails (non-zero) when
# any endpoint failed its check, returned errors or served zero requests.
#
#   Benchmarks/smoke.sh                      # debug build (reuses the test suite's build)
#   SMOKE_CONFIG=release Benchmarks/smoke.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if "$here/run.sh" --quick --config "${SMOKE_CONFIG:-debug}" "$@"; then
    echo "benchmark smoke run: ok" >&2
else
    status=$?
    echo "benchmark smoke run: FAILED (exit $status)" >&2
    exit "$status"
fi
