#!/usr/bin/env bash
# Stemming and stopword costs: Stemmer creation, stem per token, first list use, stopword check.
#
#   Scripts/bench-stemming.sh
#
# Compiles the stemming and stopword files with -O beside a small main (no package build needed).
set -euo pipefail
cd "$(dirname "$0")/.."
language=Sources/PressworkPipeline/Stages/Language
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swiftc -O -parse-as-library -I Sources/CStemmer -o "$work/bench-stemming" \
    "$language/Stemmer.swift" "$language/StemmingAlgorithm.swift" "$language/LanguageKey.swift" \
    "$language/Stopwords.swift" "$language/StopwordList.swift" "$language/StopwordLists.swift" \
    Scripts/bench_stemming.swift -Xlinker -lstemmer
"$work/bench-stemming"
