#!/usr/bin/env bash
# The whole test suite: Swift unit and wire tests, the benchmark runner smoke run, then the
# SDK/OpenAPI integration suite.
# Installs what a fresh machine lacks. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh

echo "== swift test" >&2
swift build --build-tests
swift test --skip-build

echo "== benchmark runner smoke run (200 rows, 1 s per endpoint; checks, not timings)" >&2
Benchmarks/smoke.sh >/dev/null

echo "== integration suite (Letta SDKs, OpenAPI, schemathesis)" >&2
scripts/integration-tests.sh
