#!/usr/bin/env bash
# Language text primitives benchmark: NFC, sentence and word segmentation, search-term folding and script
# detection per article, for English, Russian, Chinese, Japanese, Thai, Arabic and Hindi.
#
#   Scripts/bench-segmentation.sh              # articles of ~8,000 UTF-8 bytes, 300 runs per round
#   Scripts/bench-segmentation.sh 3000 1000    # article size in bytes, runs per round
#
# Builds Stages/Language and the CICU C files optimized, straight with clang and swiftc, so it needs no
# release build of the whole package. Timings are for one thread.
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
cp Scripts/bench_segmentation.swift "$work/main.swift"
swiftc -O -I "$work/CICU" -I Sources/CStemmer Sources/PressworkPipeline/Stages/Language/*.swift "$work/main.swift" "$work"/*.o \
    -licui18n -licuuc -licudata -lstemmer -o "$work/bench"
"$work/bench" "$@"
