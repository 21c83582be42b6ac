#!/usr/bin/env bash
# Store benchmark: the embedded store filled with N jobs and results made from real pages (the Readability
# test pages of ../shared/data, or WCXB dev pages with WCXB=DIR, processed once by `presswork process`),
# each job keeping its page as its body, 256 per transaction as the coordinator commits them. Then the
# queries of `presswork results` (first page of 50, median of 11) and `export` (every page) on it.
# Prints the fill rate, CPU per job, bytes per job (and of it the bodies, as submitted and as stored) and each
# query's time. Bodies are compressed as the coordinator compresses them; --compress no stores them as they are.
#
#   Scripts/bench-store.sh [--jobs N] [--compress no]   # default 100,000 jobs (~3–25 GB of disk)
#   WCXB=/path/to/wcxb Scripts/bench-store.sh --jobs 20000
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=100000
compress=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --compress) compress="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bin="$bin_dir"
bench_workdir

if [ -n "${WCXB:-}" ]; then
  mkdir -p "$work/pages"
  for file in "$WCXB"/wcxb-dev/html/*.html.gz; do
    name=$(basename "$file" .gz)
    gunzip -c "$file" >"$work/pages/$name"
  done
  pages="$work/pages"
else
  bench_readability_pages
  mkdir -p "$work/pages"
  for dir in "$pages"/*/; do cp "$dir/source.html" "$work/pages/$(basename "$dir").html" 2>/dev/null || true; done
  pages="$work/pages"
fi
"$bin/presswork" process --json "$pages" >"$work/documents.jsonl" 2>/dev/null || true
echo "$(wc -l <"$work/documents.jsonl") documents from $pages; $jobs jobs"
"$bin/presswork-bench" store --data "$work/data" --documents "$work/documents.jsonl" --jobs "$jobs" \
  --compress "$compress"
echo "machine: $(bench_machine)"
