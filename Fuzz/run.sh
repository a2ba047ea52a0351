#!/usr/bin/env bash
# Builds a libFuzzer target and runs it for a bounded time.
#
#   Fuzz/run.sh                   # the HTTP request parser, 60 s
#   Fuzz/run.sh multipart         # the multipart/form-data parser, 60 s
#   FUZZ_SECONDS=600 Fuzz/run.sh
#
# The harness is compiled with the parser and HTTPKit core sources directly (swiftc
# -sanitize=fuzzer,address -parse-as-library). New inputs go to Fuzz/corpus[-multipart]
# (git-ignored); the target's seeds and Fuzz/regressions (inputs of fixed crashes) are read as
# extra corpora, so every run replays them first. Crashes are written to Fuzz/crashes/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
target="${1:-parser}"
build="$here/.build"
case "$target" in
parser)
    harness="$here/ParserFuzz/main.swift"; sources=("$root"/Sources/HTTPKit/Parser/*.swift)
    corpus="$here/corpus"; seeds="$here/seeds"; max_len=8192 ;;
multipart)
    harness="$here/MultipartFuzz/main.swift"
    sources=("$root"/Sources/HTTPKit/Parser/HTTPByteClass.swift "$root"/Sources/HTTPKit/Multipart/*.swift)
    corpus="$here/corpus-multipart"; seeds="$here/multipart-seeds"; max_len=4096 ;;
*)
    echo "usage: $0 [parser|multipart]" >&2; exit 2 ;;
esac
mkdir -p "$build" "$corpus" "$here/crashes"

swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name "${target^}Fuzz" \
    "$root"/Sources/HTTPKit/Core/*.swift \
    "${sources[@]}" \
    "$harness" \
    -o "$build/$target-fuzz"

"$build/$target-fuzz" \
    -max_total_time="$seconds" \
    -max_len="$max_len" \
    -timeout=10 \
    -print_final_stats=1 \
    -artifact_prefix="$here/crashes/" \
    "$corpus" "$seeds" "$here/regressions" 2>&1 | tee "$build/last-run.log" | grep -E "^#[0-9]+ +(INITED|DONE|pulse)|stat::|ERROR|SUMMARY|Test unit written" || true

grep -q "stat::number_of_executed_units" "$build/last-run.log" || { echo "fuzzer did not finish" >&2; exit 1; }
if ls "$here"/crashes/crash-* "$here"/crashes/timeout-* "$here"/crashes/oom-* >/dev/null 2>&1; then
    echo "crash artifacts in $here/crashes" >&2
    exit 1
fi
