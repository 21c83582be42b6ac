#!/usr/bin/env bash
# Keyphrase extraction, SimHash and SHA-256 costs: µs per article for keyphrases and the fingerprint, MB/s
# for SHA-256.
#
#   Scripts/bench-keyphrases.sh              # articles of 1,000 words, 2,000 runs per round
#   Scripts/bench-keyphrases.sh 5000 200     # words per article, runs per round
#
# Builds Stages/Language with the CICU C files optimized, straight with clang and swiftc (no release build
# of the package). Token building (segmentation, folding, stemming) is not timed: see bench-segmentation.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/CICU"
printf 'module CICU {\n    header "%s/Sources/CICU/include/cicu.h"\n    export *\n}\n' "$root" >"$work/CICU/module.modulemap"
for file in normalize segment script thread_state; do
    clang -O2 -I Sources/CICU/include -I Sources/CICU -c "Sources/CICU/$file.c" -o "$work/$file.o"
done
cp Scripts/bench_keyphrases.swift "$work/main.swift"
swiftc -O -I "$work/CICU" -I Sources/CStemmer Sources/PressworkPipeline/Stages/Language/*.swift "$work/main.swift" \
    "$work"/*.o -licui18n -licuuc -licudata -lstemmer -o "$work/bench"
"$work/bench" "$@"
