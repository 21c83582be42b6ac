#!/usr/bin/env bash
# The coordinator alone under real-sized traffic (issue 23's measure): a release coordinator with a fresh
# SQLite store, real pages submitted as fast as they are acknowledged, and 10, 100 and 1,000 simulated workers
# (presswork-bench real-traffic, one process) that answer every job at once with a result of 15 % of the
# page's size. Prints, per fleet size, articles/s, the coordinator's CPU and disk writes per article, and the
# time from acknowledgement to a worker's JOB (p50, p99).
#
#   Scripts/bench-coordinator.sh [--jobs N] [--pages DIR] [--workers "10 100 1000"]
# Pages default to the Readability test pages in ../shared/data (generated 198 KB pages when absent).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=3000
pages=../shared/data/extraction/readability/test-pages
fleets="10 100 1000"
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    --workers) fleets="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bench_workdir
for workers in $fleets; do
  port=$((7960 + RANDOM % 30))
  rm -rf "$work/data"
  "$bin_dir/presswork" coordinator --data "$work/data" --bind "tcp://127.0.0.1:$port" --log-level warning \
    --max-pending-per-client 1000000 >"$work/coordinator.log" 2>&1 &
  coordinator=$!
  pids="$coordinator"
  sleep 1
  "$bin_dir/presswork-bench" real-traffic --connect "tcp://127.0.0.1:$port" --coordinator-pid "$coordinator" \
    --jobs "$jobs" --workers "$workers" ${pages:+--pages "$pages"}
  kill "$coordinator"
  wait "$coordinator" 2>/dev/null || true
  pids=""
done
echo "machine: $(bench_machine)"
