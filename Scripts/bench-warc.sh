#!/usr/bin/env bash
# WARC reading benchmark: `presswork-bench warc` writes a WARC file of about N MB in a temporary directory
# (each record its own gzip member, as Common Crawl writes them; HTML response records of 20–200 KB), then
# reads it with PressworkWARC's WARCReader and prints records per second, MB/s (of the gzip file and of the
# decoded blocks) and the peak resident memory, which should stay near the largest record, not the file.
#
#   Scripts/bench-warc.sh [--megabytes N]   # default 1024 (about 1 GB of disk in the temporary directory)
#   PRESSWORK_BIN=.build/release/presswork Scripts/bench-warc.sh --megabytes 100   # a ready build, no build
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --megabytes) megabytes="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bench_workdir
"$bin_dir/presswork-bench" warc --megabytes "$megabytes" --dir "$work"
echo "machine: $(bench_machine)"
