#!/usr/bin/env bash
# Stemming and stopword costs: Stemmer creation, stem per token, first list use, stopword check.
#
#   Scripts/bench-stemming.sh
#
# Compiles the stemming and stopword files with -O beside a small main (no package build needed).
set -euo pipefail
cd "$(dirname "$0")/.."
language=Sources/PressworkPipeline/Stages/Analysis/Words
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Stopword lists fold their words as tokens are folded (TextNormalizer, on ICU through CICU).
mkdir -p "$work/CICU"
printf 'module CICU {\n    header "%s/Sources/CICU/include/cicu.h"\n    export *\n}\n' "$(pwd)" >"$work/CICU/module.modulemap"
for file in normalize thread_state; do
    clang -O2 -I Sources/CICU/include -I Sources/CICU -c "Sources/CICU/$file.c" -o "$work/$file.o"
done
swiftc -O -parse-as-library -I Sources/CStemmer -I "$work/CICU" -o "$work/bench-stemming" \
    "$language/Stemmer.swift" "$language/StemmingAlgorithm.swift" "$language/LanguageKey.swift" \
    "$language/Stopwords.swift" "$language/StopwordList.swift" "$language/StopwordLists.swift" \
    "$language"/TextNormalizer*.swift "$language/UTF8Text.swift" Scripts/bench_stemming.swift "$work"/*.o \
    -licui18n -licuuc -licudata -Xlinker -lstemmer
"$work/bench-stemming"
