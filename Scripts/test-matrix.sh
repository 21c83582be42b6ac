#!/usr/bin/env bash
# Runs the README's test command (Scripts/test.sh: every test, the deployment walkthrough and, as root, the
# fault scenarios) in the settings a user's machine may have, several times each, and prints one line per
# run and a summary. A test that depends on the machine's speed, on ../shared/data or on a lucky port
# shows up here as a red run.
#
#   fresh-1cpu  a fresh clone of this checkout's HEAD with no ../shared beside it, pinned to one core
#   fresh-2cpu  the same clone on every core
#   shared      this checkout, beside ../shared (the team's layout; uncommitted changes included)
#
#   Scripts/test-matrix.sh [--runs N] [--config NAME]...   (default: 5 runs of each, rounds interleaved)
#
# Logs stay in $PRESSWORK_MATRIX_DIR (default /tmp/presswork-matrix), one file per run. Exit status 1 if
# any run failed. Takes a while: about 4-8 minutes a run here (2 cores), plus one build of the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)

runs=5
configs=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:-}; shift $(($# > 1 ? 2 : 1)) ;;
    --config) configs+=("${2:-}"); shift $(($# > 1 ? 2 : 1)) ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-matrix: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#configs[@]} -gt 0 ] || configs=(fresh-1cpu fresh-2cpu shared)
for config in "${configs[@]}"; do
  case $config in
    fresh-1cpu | fresh-2cpu | shared) ;;
    *) echo "test-matrix: unknown config '$config' (fresh-1cpu, fresh-2cpu or shared)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "test-matrix: --runs takes a positive number" >&2; exit 2; }

work=${PRESSWORK_MATRIX_DIR:-/tmp/presswork-matrix}
clone=$work/clone
logs=$work/logs
mkdir -p "$logs"

needs_clone=false
for config in "${configs[@]}"; do [[ $config == fresh-* ]] && needs_clone=true; done
if $needs_clone; then
  # The clone must not find shared data the way the tests look for it (shared/data beside an ancestor).
  directory=$work
  while [ "$directory" != / ]; do
    if [ -e "$(dirname "$directory")/shared/data" ]; then
      echo "test-matrix: $(dirname "$directory")/shared/data is beside $work; set PRESSWORK_MATRIX_DIR elsewhere" >&2
      exit 2
    fi
    directory=$(dirname "$directory")
  done
  rm -rf "$clone"
  git clone --quiet "$checkout" "$clone"
  echo "fresh clone of $(git -C "$clone" log -1 --format='%h %s' | cut -c1-80) in $clone"
  if [ -n "$(git -C "$checkout" status --porcelain)" ]; then
    echo "note: the checkout has uncommitted changes; the fresh clone has only what is committed"
  fi
  # Built once on every core, so a pinned run measures the tests, not a one-core build.
  started=$SECONDS
  (cd "$clone" && Scripts/install-deps.sh --test && swift build --build-tests) >"$logs/clone-build.log" 2>&1 ||
    { tail -n 30 "$logs/clone-build.log"; echo "test-matrix: the fresh clone does not build" >&2; exit 1; }
  echo "clone built in $((SECONDS - started)) s"
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
results=()
failed=0
for round in $(seq "$runs"); do
  for config in "${configs[@]}"; do
    log=$logs/$config-$round.log
    case $config in
      fresh-1cpu) directory=$clone pin=(taskset -c 0) ;;
      fresh-2cpu) directory=$clone pin=() ;;
      shared) directory=$checkout pin=() ;;
    esac
    started=$SECONDS
    status=0
    # env -u: a caller's PRESSWORK_SHARED_DATA would point the fresh clone at the data.
    (cd "$directory" && env -u PRESSWORK_SHARED_DATA "${pin[@]}" Scripts/test.sh) >"$log" 2>&1 || status=$?
    seconds=$((SECONDS - started))
    summary=$({ grep -E "^[^ ]+ Test run with" "$log" || true; } | tail -n 1 | sed -E 's/^[^ ]+ Test run with //')
    skipped=$(grep -c "skipped: " "$log" || true)
    walkthrough=$(grep -q "^all steps passed" "$log" && echo "walkthrough ok" || echo "walkthrough NOT ok")
    if grep -q "^fault scenarios skipped" "$log"; then chaos="fault scenarios skipped"
    elif grep -q "^FAILED " "$log"; then chaos="fault scenarios FAILED"
    elif grep -q "^fault kind" "$log"; then chaos="fault scenarios ran"
    else chaos="fault scenarios not reached"; fi
    if [ "$status" -eq 0 ]; then verdict=PASS; else verdict=FAIL; failed=$((failed + 1)); fi
    line=$(printf '%-10s run %d  %s  %4d s  %s; %d skipped; %s; %s' "$config" "$round" "$verdict" "$seconds" \
      "${summary:-no test summary}" "$skipped" "$walkthrough" "$chaos")
    echo "$line"
    results+=("$line")
    if [ "$status" -ne 0 ]; then
      { grep -E "✘|FAIL " "$log" || true; } | head -n 20 | sed 's/^/    /'
      echo "    log: $log"
    fi
  done
done

echo
echo "summary: $((${#results[@]} - failed)) of ${#results[@]} runs green (${configs[*]}; $runs each); logs in $logs"
[ "$failed" -eq 0 ]
