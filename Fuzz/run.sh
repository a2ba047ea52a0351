#!/usr/bin/env bash
# Builds the libFuzzer target for HTTPRequestParser and runs it for a bounded time.
#
#   Fuzz/run.sh                 # 60 s
#   FUZZ_SECONDS=600 Fuzz/run.sh
#
# The harness is compiled with the parser and HTTPKit core sources directly (swiftc
# -sanitize=fuzzer,address -parse-as-library). New inputs go to Fuzz/corpus (git-ignored);
# Fuzz/seeds and Fuzz/regressions (inputs of fixed crashes) are read as extra corpora, so
# every run replays them first. Crashes are written to Fuzz/crashes/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
build="$here/.build"
mkdir -p "$build" "$here/corpus" "$here/crashes"

swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name ParserFuzz \
    "$root"/Sources/HTTPKit/Core/*.swift \
    "$root"/Sources/HTTPKit/Parser/*.swift \
    "$here"/ParserFuzz/main.swift \
    -o "$build/parser-fuzz"

"$build/parser-fuzz" \
    -max_total_time="$seconds" \
    -max_len=8192 \
    -timeout=10 \
    -print_final_stats=1 \
    -artifact_prefix="$here/crashes/" \
    "$here/corpus" "$here/seeds" "$here/regressions" 2>&1 | tee "$build/last-run.log" | grep -E "^#[0-9]+ +(INITED|DONE|pulse)|stat::|ERROR|SUMMARY|Test unit written" || true

grep -q "stat::number_of_executed_units" "$build/last-run.log" || { echo "fuzzer did not finish" >&2; exit 1; }
if ls "$here"/crashes/crash-* "$here"/crashes/timeout-* "$here"/crashes/oom-* >/dev/null 2>&1; then
    echo "crash artifacts in $here/crashes" >&2
    exit 1
fi
