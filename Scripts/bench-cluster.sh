#!/usr/bin/env bash
# Cluster benchmark end to end: the Readability test pages, each repeated, through a local Presswork cluster
# (coordinator + workers doing the real pipeline) and through the Python pipeline (trafilatura + py3langid)
# as a Celery task with a local Redis broker and result backend. Time from the first submit until every
# result is stored, with 1 and 2 processing slots each. Prints a table and writes .bench/cluster.json.
#
#   Scripts/bench-cluster.sh [--repeat N] [--celery-repeat N] [--prefetch P]
#   PRESSWORK_BIN=/path/to/presswork Scripts/bench-cluster.sh    # use a ready binary instead of building
#
# --repeat (default 15: 1,950 articles) and --celery-repeat (default 3: 390 articles) are chosen so that every
# run lasts at least ~20 s on a 2-core VM; Celery is ~10x slower, so the same 1,950 articles would take it
# ~5 minutes per configuration for the same articles-per-second figure.
# Needs redis-server (apt-get install -y redis-server) and pip's celery, redis, trafilatura, py3langid; it starts
# its own Redis on 127.0.0.1:${BENCH_REDIS_PORT:-6390} and refuses a port that already answers.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. Scripts/bench-common.sh
bench_readability_pages

repeat=15
celery_repeat=3
# Jobs outstanding per slot: 4, as in bench-dispatch.sh and as Celery's default prefetch multiplier.
prefetch=4
while [ $# -gt 0 ]; do
    case "$1" in
        --repeat) repeat="$2"; shift 2 ;;
        --celery-repeat) celery_repeat="$2"; shift 2 ;;
        --prefetch) prefetch="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

bench_binaries
presswork="$bin_dir/presswork"
if ! command -v redis-server >/dev/null; then
    echo "bench-cluster: redis-server is missing: apt-get install -y redis-server" >&2
    exit 2
fi
if ! python3 -c "import trafilatura, py3langid, celery, redis" 2>/dev/null; then
    echo "bench-cluster: installing trafilatura, py3langid, celery and redis with pip" >&2
    pip install --quiet trafilatura lxml_html_clean py3langid celery redis
fi

mkdir -p .bench
work=$(mktemp -d)
pids=""
redis=""
redis_port=${BENCH_REDIS_PORT:-6390}
cleanup() {
    # Only the processes this script started, by pid; wait reaps them before their files go.
    [ -n "$pids$redis" ] && kill $pids $redis 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# The articles for Presswork: REPEAT directories of hard links (copies if another file system), named .html
# so that `submit DIR` takes them; the shared data is never copied into the repository.
for r in $(seq "$repeat"); do
    mkdir -p "$work/articles/$r"
    for page in "$pages"/*/source.html; do
        name=$(basename "$(dirname "$page")")
        ln "$page" "$work/articles/$r/$name.html" 2>/dev/null || cp "$page" "$work/articles/$r/$name.html"
    done
done
mkdir -p "$work/warm-up"
for page in $(ls "$pages"/*/source.html | head -8); do cp "$page" "$work/warm-up/$(basename "$(dirname "$page")").html"; done
articles=$(find "$work/articles" -name '*.html' | wc -l)

port=$((7950 + RANDOM % 40))
endpoint="tcp://127.0.0.1:$port"
results="$work/results.jsonl"
: >"$results"

# Sets $reaped to the CPU seconds (user + system) of every child this shell has reaped so far. `times` must run
# in this shell: in a $(...) subshell its counters start at zero, hence a variable, not an output.
reaped=0
reaped_cpu() {
    times >"$work/times"
    reaped=$(tail -1 "$work/times" | tr 'ms' '  ' | awk '{ printf "%.3f", $1 * 60 + $2 + $3 * 60 + $4 }')
}
# CPU seconds of one live process (its own threads), from /proc.
process_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# presswork_run WORKERS CONCURRENCY: a fresh coordinator and store, the workers, a warm-up, the timed run.
presswork_run() {
    local workers=$1 concurrency=$2 cpu_before coordinator_cpu
    reaped_cpu
    cpu_before=$reaped
    rm -rf "$work/data"
    "$presswork" coordinator --bind "$endpoint" --data "$work/data" --prefetch "$prefetch" \
        >"$work/coordinator.log" 2>&1 &
    pids="$!"
    for _ in $(seq 50); do "$presswork" status --connect "$endpoint" --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
    for index in $(seq "$workers"); do
        "$presswork" worker --connect "$endpoint" --id "bench-$index" --concurrency "$concurrency" \
            >"$work/worker-$index.log" 2>&1 &
        pids="$pids $!"
    done
    for _ in $(seq 100); do
        [ "$("$presswork" status --connect "$endpoint" --json | grep -c '"state" : "up"')" -ge "$workers" ] && break
        sleep 0.1
    done
    # Exit status 1 = some articles dead: the two Readability pages without article text (not-an-article).
    "$presswork" submit "$work/warm-up" --wait --connect "$endpoint" >/dev/null 2>&1 || [ $? -eq 1 ]
    local started ended summary
    started=$(date +%s.%N)
    "$presswork" submit "$work/articles" --wait --connect "$endpoint" >/dev/null 2>"$work/submit.log" || [ $? -eq 1 ]
    ended=$(date +%s.%N)
    summary=$(grep 'waited for' "$work/submit.log" | tail -1)
    coordinator_cpu=$(process_cpu "${pids%% *}")
    kill $pids 2>/dev/null; wait $pids 2>/dev/null || true
    pids=""
    reaped_cpu
    # CPU of everything started for this run (coordinator, workers and their slots, the submit clients), from
    # start-up to shutdown: it includes the 8 warm-up articles and is the figure the machine's load cannot skew.
    python3 -c "
import json, sys
seconds = float(sys.argv[2]) - float(sys.argv[1])
cpu = float(sys.argv[5]) - float(sys.argv[4])
print(json.dumps({'system': 'presswork', 'workers': $workers, 'concurrency': $concurrency, 'slots': $workers * $concurrency,
                  'articles': $articles, 'seconds': seconds, 'articles_per_s': $articles / seconds, 'summary': sys.argv[3],
                  'cpu_s': cpu, 'coordinator_cpu_s': float(sys.argv[6]), 'articles_per_cpu_s': $articles / cpu,
                  'loadavg': __import__('os').getloadavg()[0]}))" "$started" "$ended" "$summary" "$cpu_before" "$reaped" "$coordinator_cpu" >>"$results"
    tail -1 "$results" >&2
}

# celery_run CONCURRENCY: one Celery worker with CONCURRENCY prefork processes on an empty Redis.
celery_run() {
    local concurrency=$1 out cpu_before redis_before
    redis-cli -p "$redis_port" flushall >/dev/null
    reaped_cpu
    cpu_before=$reaped
    redis_before=$(process_cpu "$redis")
    (cd Scripts && exec env BENCH_REDIS_URL="redis://127.0.0.1:$redis_port" celery -A bench_celery worker \
        --concurrency "$concurrency" --pool prefork --without-gossip --without-mingle --loglevel warning \
        >"$work/celery.log" 2>&1) &
    pids="$!"
    # The client's warm-up tasks wait for the worker to be up, so no separate readiness check is needed.
    out=$(cd Scripts && BENCH_REDIS_URL="redis://127.0.0.1:$redis_port" \
        python3 bench_celery.py --pages "$pages" --repeat "$celery_repeat" 2>>"$work/celery-client.log" \
        | sed -n 's/^json: //p')
    kill $pids 2>/dev/null; wait $pids 2>/dev/null || true
    pids=""
    reaped_cpu
    # CPU of the Celery worker (its prefork children are reaped by it), the client and Redis, from start-up to
    # shutdown: it includes three Python start-ups (~1 CPU s each with the imports) and the 8 warm-up tasks.
    python3 -c "
import json, sys
r = json.loads(sys.argv[1])
cpu = float(sys.argv[3]) - float(sys.argv[2]) + float(sys.argv[5]) - float(sys.argv[4])
r.update(system='celery', workers=1, concurrency=$concurrency, slots=$concurrency, cpu_s=cpu,
         redis_cpu_s=float(sys.argv[5]) - float(sys.argv[4]), articles_per_cpu_s=r['articles'] / cpu,
         loadavg=__import__('os').getloadavg()[0])
print(json.dumps(r))" "$out" "$cpu_before" "$reaped" "$redis_before" "$(process_cpu "$redis")" >>"$results"
    tail -1 "$results" >&2
}

# Never touch a Redis that is not ours (the runs FLUSHALL it): refuse a port that already answers.
if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    echo "bench-cluster: something already answers on port $redis_port; set BENCH_REDIS_PORT to a free one" >&2
    exit 2
fi
# In the foreground as our child (not --daemonize), so that the trap stops exactly this server by its pid.
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis=$!
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$redis" 2>/dev/null || { echo "bench-cluster: redis-server did not start: $(tail -3 "$work/redis.log")" >&2; exit 2; }

load_start=$(cut -d' ' -f1 /proc/loadavg)
# Interleaved, so that the VM's speed swings (~1.6x minute to minute) hit both systems alike.
presswork_run 1 1
celery_run 1
presswork_run 2 1
celery_run 2
presswork_run 1 2

machine="$(bench_machine)"
python3 - "$results" "$machine" "$load_start" "$prefetch" <<'PY'
import json, sys, time
rows = [json.loads(line) for line in open(sys.argv[1])]
machine, load_start, prefetch = sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
def rate(system, workers, concurrency):
    return next(r["articles_per_s"] for r in rows
                if r["system"] == system and r["workers"] == workers and r["concurrency"] == concurrency)
print()
print(f"machine: {machine}; load average {load_start:.2f} at start")
print(f"{'system':<12}{'configuration':<34}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'CPU s':>8}{'art/CPU-s':>11}{'load':>7}")
for r in rows:
    config = (f"{r['workers']} worker{'s' if r['workers'] > 1 else ''} x --concurrency {r['concurrency']}"
              if r["system"] == "presswork" else f"1 worker, --concurrency {r['concurrency']} prefork")
    print(f"{r['system']:<12}{config:<34}{r['articles']:>9}{r['seconds']:>9.1f}{r['articles_per_s']:>12.1f}"
          f"{r['cpu_s']:>8.1f}{r['articles_per_cpu_s']:>11.1f}{r['loadavg']:>7.2f}")
pw1, pw2, pw12 = rate("presswork", 1, 1), rate("presswork", 2, 1), rate("presswork", 1, 2)
ce1, ce2 = rate("celery", 1, 1), rate("celery", 1, 2)
summary = {"presswork_scaling_2_workers": pw2 / pw1, "presswork_scaling_1_worker_2_slots": pw12 / pw1,
           "celery_scaling_2_processes": ce2 / ce1,
           "ratio_1_slot": pw1 / ce1, "ratio_2_slots": pw2 / ce2, "ratio_2_slots_one_worker": pw12 / ce2}
print(f"scaling 2 slots vs 1: presswork {pw2 / pw1:.2f}x (2 workers), {pw12 / pw1:.2f}x (1 worker, 2 slots); "
      f"celery {ce2 / ce1:.2f}x (target >= 1.8x)")
print(f"presswork / celery articles/s: {pw1 / ce1:.1f}x with 1 slot, {pw2 / ce2:.1f}x with 2 slots (target >= 10x)")
cpu = lambda system: max(r["articles_per_cpu_s"] for r in rows if r["system"] == system)
summary["ratio_articles_per_cpu_s_best"] = cpu("presswork") / cpu("celery")
coordinator = [r["coordinator_cpu_s"] / r["cpu_s"] for r in rows if r["system"] == "presswork"]
print(f"presswork / celery articles per CPU-second (best runs): {cpu('presswork') / cpu('celery'):.1f}x; "
      f"the coordinator took {min(coordinator):.0%}-{max(coordinator):.0%} of Presswork's CPU")
json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine, "loadavg_start": load_start,
           "prefetch": prefetch, "runs": rows, "summary": summary}, open(".bench/cluster.json", "w"), indent=2)
print("figures in .bench/cluster.json")
PY
