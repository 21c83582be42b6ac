#!/usr/bin/env bash
# Language text primitives benchmark: NFC, sentence and word segmentation, search-term folding and script
# detection per article, for English, Russian, Chinese, Japanese, Thai, Arabic and Hindi.
#
#   Scripts/bench-segmentation.sh              # articles of ~8,000 UTF-8 bytes, 300 runs per round
#   Scripts/bench-segmentation.sh 3000 1000    # article size in bytes, runs per round
#
# Built by language-bench.sh (no release build of the package needed). Timings are for one thread.
set -euo pipefail
exec "$(dirname "$0")/language-bench.sh" "$(dirname "$0")/bench_segmentation.swift" "$@"
