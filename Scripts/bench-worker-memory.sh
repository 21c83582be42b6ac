#!/usr/bin/env bash
# Worker memory over a long run: one worker (2 slot processes) processes the Readability pages of
# ../shared/data again and again (Scripts/samples when the shared data is absent), and its resident memory
# (the worker plus its slot processes, read from /proc: the sum the worker reports in its heartbeats) is
# sampled after every round. Prints the series and the growth after warm-up; writes .bench/worker-memory.json.
#
#   Scripts/bench-worker-memory.sh [--articles N]      (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."

articles=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. Scripts/bench-common.sh
bench_binaries
bin="$bin_dir/presswork"
pages="../shared/data/extraction/readability/test-pages"
[ -d "$pages" ] || pages="Scripts/samples"

mkdir -p .bench
bench_workdir
endpoint="tcp://127.0.0.1:$((7990 + RANDOM % 9))"
export PRESSWORK_CONNECT="$endpoint"

# One flat directory of the pages' source files, so that one `submit` is one round.
mkdir -p "$work/round"
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  ln -s "$(realpath "$file")" "$work/round/page-$count.${file##*.}"
done < <(if [ "$pages" = Scripts/samples ]; then find "$pages" \( -name '*.html' -o -name '*.txt' \) -print0;
         else find "$pages" -name source.html -print0; fi | sort -z)
[ "$count" -gt 0 ] || { echo "no pages found in $pages" >&2; exit 1; }
rounds=$(( (articles + count - 1) / count ))

"$bin" coordinator --bind "$endpoint" --data "$work/data" >"$work/coordinator.log" 2>&1 &
pids="$!"
for _ in $(seq 50); do "$bin" status --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
"$bin" worker --id memory --concurrency 2 >"$work/worker.log" 2>&1 &
worker=$!
pids="$pids $worker"
for _ in $(seq 100); do "$bin" status --json | grep -q '"rssBytes"' && break; sleep 0.2; done

# Resident memory of the worker and its slot processes (its children), read from /proc at once: the same sum
# the worker reports in its heartbeats, without waiting up to 5 s for the next one.
rss() {
  local total=0 pid kb
  for pid in $worker $(ps -o pid= --ppid "$worker"); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0} * 1024))
  done
  echo "$total"
}
samples="$(date +%s) 0 $(rss)"
echo "round  articles  worker+slots RSS"
for round in $(seq "$rounds"); do
  "$bin" submit "$work/round" --wait >/dev/null 2>&1 || true   # a few pages end dead (not an article)
  line="$(date +%s) $((round * count)) $(rss)"
  samples="$samples
$line"
  set -- $line
  awk -v r="$round" -v a="$2" -v b="$3" 'BEGIN { printf "%5d  %8d  %8.1f MiB\n", r, a, b / 1048576 }'
done

machine="$(bench_machine)"
python3 - "$machine" "$pages" <<PY
import json, sys
rows = [tuple(int(x) for x in line.split()) for line in """$samples""".strip().splitlines()]
done = [r for r in rows if r[1] > 0]
warm = next((r for r in done if r[1] >= 0.1 * done[-1][1]), done[0])
growth = done[-1][2] - warm[2]
print("after warm-up (%d articles): %.1f MiB; at the end (%d articles): %.1f MiB; growth %.1f MiB (%.1f KiB per 1,000 articles)"
      % (warm[1], warm[2] / 1048576, done[-1][1], done[-1][2] / 1048576, growth / 1048576,
         growth / 1024 / max(1, (done[-1][1] - warm[1]) / 1000)))
# Single samples move by several MiB with the pages in flight; the trend is in the slope and the window means.
steady = [r for r in done if r[1] >= warm[1]]
if len(steady) >= 10:
    mean_x = sum(r[1] for r in steady) / len(steady)
    mean_y = sum(r[2] for r in steady) / len(steady)
    slope = sum((r[1] - mean_x) * (r[2] - mean_y) for r in steady) / max(1, sum((r[1] - mean_x) ** 2 for r in steady))
    k = len(steady) // 10
    first, last = (sum(r[2] for r in w) / len(w) / 1048576 for w in (steady[:k], steady[-k:]))
    print("after warm-up: %.1f-%.1f MiB; mean of the first tenth %.1f MiB, of the last tenth %.1f MiB; trend %.2f MiB per 10,000 articles"
          % (min(r[2] for r in steady) / 1048576, max(r[2] for r in steady) / 1048576, first, last, slope * 10000 / 1048576))
print("machine: " + sys.argv[1] + "; pages: " + sys.argv[2])
json.dump({"machine": sys.argv[1], "pages": sys.argv[2],
           "samples": [{"unixTime": t, "articles": a, "rssBytes": b} for t, a, b in rows],
           "growthAfterWarmupBytes": growth}, open(".bench/worker-memory.json", "w"), indent=2)
PY
