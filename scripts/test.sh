#!/usr/bin/env bash
# The whole test suite: Swift unit and wire tests, the operations tests, a smoke run of the benchmark
# runner, the SDK/OpenAPI integration suite, each store-backed stage on the embedded SQLite backend and
# again on PostgreSQL (a throwaway cluster from scripts/with-postgres.sh), the PostgreSQL multi-instance
# and fault tests, the console in headless Chromium, and, against a throwaway real Letta 0.16.8
# (scripts/with-letta.sh), the migration tests and the agent-file round trips.
# Installs what a fresh machine lacks. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh

echo "== swift test" >&2
swift build --build-tests
swift test --skip-build

# Again with every store-backed suite (API, gateway) on PostgreSQL, plus the PostgresStore suites,
# which run whenever IDENTITY_TEST_POSTGRES_URL is set.
echo "== swift test on PostgreSQL" >&2
IDENTITY_TEST_BACKEND=postgres scripts/with-postgres.sh swift test --skip-build

echo "== idle memory: the server maps no Foundation, libcurl or libpq (scripts/memory-check.sh)" >&2
scripts/memory-check.sh

echo "== operations: crash and drain tests, end-to-end server checks" >&2
scripts/ops-tests.sh

echo "== benchmark runner smoke run (200 rows, 1 s per endpoint; checks, not timings)" >&2
Benchmarks/smoke.sh >/dev/null

echo "== integration suite (Letta SDKs, OpenAPI, schemathesis)" >&2
scripts/integration-tests.sh

echo "== integration suite on PostgreSQL" >&2
IDENTITY_TEST_BACKEND=postgres scripts/with-postgres.sh scripts/integration-tests.sh

echo "== PostgreSQL multi-instance and fault tests" >&2
scripts/postgres-integration-tests.sh

echo "== console: browser tests in headless Chromium, CORS (SQLite, then PostgreSQL)" >&2
scripts/console-tests.sh
IDENTITY_TEST_BACKEND=postgres scripts/with-postgres.sh scripts/console-tests.sh

echo "== migration tests (real Letta 0.16.8: migrate into SQLite and PostgreSQL, export/import)" >&2
scripts/migration-tests.sh

echo "== agent files: round trips with the real Letta 0.16.8" >&2
scripts/agent-file-letta-tests.sh
