#!/usr/bin/env bash
# Keyphrase extraction, SimHash and SHA-256 costs: µs per article for keyphrases and the fingerprint, MB/s
# for SHA-256.
#
#   Scripts/bench-keyphrases.sh              # articles of 1,000 words, 2,000 runs per round
#   Scripts/bench-keyphrases.sh 5000 200     # words per article, runs per round
#
# Built by language-bench.sh (no release build of the package needed). Token building (segmentation,
# folding, stemming) is not timed: see bench-segmentation.sh.
set -euo pipefail
exec "$(dirname "$0")/language-bench.sh" "$(dirname "$0")/bench_keyphrases.swift" "$@"
