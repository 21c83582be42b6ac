#!/usr/bin/env bash
# Dispatch benchmark: tiny jobs through a local coordinator (durable journal, as in production) and 1 and 2
# workers whose slots do no work (`worker --noop`), so what is measured is the cluster itself: submit,
# journal, dispatch, slot hand-off, result, journal. Prints a table and writes .bench/dispatch.json.
#
#   Scripts/bench-dispatch.sh [--jobs N] [--prefetch P] [--concurrency C]
#
# Figures: jobs per second end to end (first submit to last result stored), durable submits per second,
# coordinator CPU per job, and submit-to-result latency p50/p99 on an idle cluster (one job at a time).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=20000
prefetch=4
concurrency=2
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --prefetch) prefetch="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bin="$bin_dir"

out=.bench
mkdir -p "$out"
bench_workdir

port=$((7900 + RANDOM % 50))
endpoint="tcp://127.0.0.1:$port"
results="[]"
printf '%-10s %10s %14s %16s %12s %10s %10s\n' workers jobs "jobs/s" "submits/s" "coord µs/job" "p50 ms" "p99 ms"
for workers in 1 2; do
  rm -rf "$work/data"
  "$bin/presswork" coordinator --bind "$endpoint" --data "$work/data" --prefetch "$prefetch" \
    >"$work/coordinator.log" 2>&1 &
  coordinator=$!
  pids="$coordinator"
  for _ in $(seq 50); do "$bin/presswork" status --connect "$endpoint" --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
  for index in $(seq "$workers"); do
    "$bin/presswork" worker --connect "$endpoint" --id "bench-$index" --concurrency "$concurrency" --noop \
      >"$work/worker-$index.log" 2>&1 &
    pids="$pids $!"
  done
  for _ in $(seq 100); do
    [ "$("$bin/presswork" status --connect "$endpoint" --json | grep -c '"state" : "up"')" -ge "$workers" ] && break
    sleep 0.1
  done
  # Warm-up, then the measured run, then latency on the idle cluster.
  "$bin/presswork-bench" dispatch --connect "$endpoint" --jobs 1000 >/dev/null
  throughput=$("$bin/presswork-bench" dispatch --connect "$endpoint" --jobs "$jobs" --coordinator-pid "$coordinator" | sed -n 's/^json: //p')
  latency=$("$bin/presswork-bench" latency --connect "$endpoint" --samples 300 | sed -n 's/^json: //p')
  kill $pids 2>/dev/null; wait 2>/dev/null || true
  pids=""
  row=$(python3 -c "
import json, sys
t, l = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print('%-10d %10d %14.0f %16.0f %12.1f %10.2f %10.2f' % ($workers, t['jobs'], t['jobsPerSecond'], t['submitsPerSecond'],
      t.get('coordinatorCpuMicrosecondsPerJob', 0), l['p50Ms'], l['p99Ms']))
" "$throughput" "$latency")
  echo "$row"
  results=$(python3 -c "
import json, sys
r = json.loads(sys.argv[1]); r.append({'workers': $workers, 'throughput': json.loads(sys.argv[2]), 'latency': json.loads(sys.argv[3])})
print(json.dumps(r))" "$results" "$throughput" "$latency")
done
machine="$(bench_machine)"
python3 -c "
import json, sys
print(json.dumps({'machine': sys.argv[1], 'prefetch': $prefetch, 'slotsPerWorker': $concurrency, 'runs': json.loads(sys.argv[2])}, indent=2))
" "$machine" "$results" >"$out/dispatch.json"
echo "machine: $machine; prefetch $prefetch, $concurrency slots per worker; figures in $out/dispatch.json"
