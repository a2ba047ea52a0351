#!/usr/bin/env bash
# The whole test suite: Swift unit and wire tests, then the SDK/OpenAPI integration suite.
# Installs what a fresh machine lacks. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh

echo "== swift test" >&2
swift build --build-tests
swift test --skip-build

echo "== operations: crash and drain tests, end-to-end server checks" >&2
scripts/ops-tests.sh

echo "== integration suite (Letta SDKs, OpenAPI, schemathesis)" >&2
scripts/integration-tests.sh
