#!/usr/bin/env bash
# Builds one benchmark program against the language building blocks (Stages/Analysis/Words with the CICU C files
# and libstemmer), optimized, straight with clang and swiftc so that no release build of the package is
# needed, then runs it. Used by bench-segmentation.sh and bench-keyphrases.sh.
#
#   Scripts/language-bench.sh Scripts/bench_keyphrases.swift [program arguments...]
set -euo pipefail
main=$(realpath "$1")
shift
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/CICU"
printf 'module CICU {\n    header "%s/Sources/CICU/include/cicu.h"\n    export *\n}\n' "$root" >"$work/CICU/module.modulemap"
for file in normalize segment script letter_class thread_state; do
    clang -O2 -I Sources/CICU/include -I Sources/CICU -c "Sources/CICU/$file.c" -o "$work/$file.o"
done
cp "$main" "$work/main.swift"
swiftc -O -I "$work/CICU" -I Sources/CStemmer Sources/PressworkPipeline/Stages/Analysis/Words/*.swift "$work/main.swift" \
    "$work"/*.o -licui18n -licuuc -licudata -lstemmer -o "$work/bench"
"$work/bench" "$@"
