#!/usr/bin/env bash
# Coordinator scale benchmark: memory per queued job with 1,000,000 jobs queued, dispatch rate to 100
# simulated workers, and the CPU that 100 idle workers' heartbeats cost the coordinator. The simulated
# workers (presswork-bench simulate-workers) register, answer every JOB at once and heartbeat every second,
# all from one process, so the coordinator is the only thing measured. Writes .bench/scale.json.
#
#   Scripts/bench-scale.sh [--jobs N] [--workers W]
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=1000000
workers=100
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries bench
bin="$bin_dir"

mkdir -p .bench
bench_workdir
endpoint="tcp://127.0.0.1:$((7950 + RANDOM % 40))"
figure() { sed -n 's/^json: //p'; }

start_coordinator() {
  rm -rf "$work/data"
  "$bin/presswork" coordinator --bind "$endpoint" --data "$work/data" --liveness 10 \
    --max-pending-per-client $((jobs + 1000)) >"$work/coordinator.log" 2>&1 &
  coordinator=$!
  pids="$coordinator"
  for _ in $(seq 50); do "$bin/presswork" status --connect "$endpoint" --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
}
rss() { awk '{print $2 * 4096}' "/proc/$1/statm"; }

# 1. Heartbeats of idle workers: nothing queued, W workers connected, CPU over 30 s.
start_coordinator
"$bin/presswork-bench" simulate-workers --connect "$endpoint" --workers "$workers" --slots 4 --seconds 40 >/dev/null &
pids="$pids $!"
sleep 5
idle=$("$bin/presswork-bench" watch --pid "$coordinator" --seconds 30 | figure)
kill $pids 2>/dev/null; wait 2>/dev/null || true

# 2. Memory with N jobs queued (no workers), against the same coordinator empty.
start_coordinator
before=$(rss "$coordinator")
fill=$("$bin/presswork-bench" fill --connect "$endpoint" --jobs "$jobs" | figure)
after=$(rss "$coordinator")
journal=$(du -sb "$work/data" | cut -f1)

# 3. Dispatch to W simulated workers from that full queue, for 30 s.
dispatch=$("$bin/presswork-bench" simulate-workers --connect "$endpoint" --workers "$workers" --slots 4 --seconds 30 | figure)
kill $pids 2>/dev/null; wait 2>/dev/null || true
pids=""

machine="$(bench_machine)"
python3 - "$machine" "$jobs" "$workers" "$idle" "$fill" "$before" "$after" "$journal" "$dispatch" <<'PY'
import json, sys
machine, jobs, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
idle, fill = json.loads(sys.argv[4]), json.loads(sys.argv[5])
before, after, journal = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
dispatch = json.loads(sys.argv[9])
per_job = (after - before) / jobs
rows = [
    ("heartbeats of %d idle workers" % workers, "%.2f %% of one core" % idle["cpuPercent"]),
    ("queued %d jobs (durable submits)" % jobs, "%.0f jobs/s, %.0f s" % (fill["submitsPerSecond"], fill["seconds"])),
    ("coordinator memory, empty -> full", "%.1f MiB -> %.1f MiB" % (before / 1048576, after / 1048576)),
    ("memory per queued job", "%.0f bytes (journal on disk: %.0f bytes per job)" % (per_job, journal / jobs)),
    ("dispatch to %d workers from a full queue" % workers, "%.0f jobs/s" % dispatch["jobsPerSecond"]),
]
for name, value in rows:
    print("%-45s %s" % (name, value))
print("machine: " + machine)
json.dump({"machine": machine, "jobs": jobs, "workers": workers, "idleHeartbeatCpuPercent": idle["cpuPercent"],
           "fill": fill, "rssEmptyBytes": before, "rssFullBytes": after, "bytesPerQueuedJob": per_job,
           "journalBytes": journal, "dispatch": dispatch}, open(".bench/scale.json", "w"), indent=2)
PY
