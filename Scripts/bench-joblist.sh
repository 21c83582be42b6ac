#!/usr/bin/env bash
# The dashboard's job list at scale: `presswork-bench joblist` fills a store with N small jobs (most done in
# eight languages, 8 % dead with three error codes, 2 % queued; about 2 minutes for a million on a 2-core VM),
# then times the store query behind `GET /api/jobs` for each kind of filter: median and worst of 11 runs of a
# 50-row page. The target is under 50 ms with 1,000,000 jobs.
#
#   Scripts/bench-joblist.sh [--jobs N]          # default 1000000, SQLite in a temporary directory
#   Scripts/bench-joblist.sh --store postgres://user@host/db   # the PostgreSQL store instead
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=1000000
store=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --store) store=(--store "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bench_workdir
"$bin_dir/presswork-bench" joblist --data "$work" --jobs "$jobs" "${store[@]}"
echo "machine: $(bench_machine)"
