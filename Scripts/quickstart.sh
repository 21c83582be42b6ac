#!/usr/bin/env bash
# Quick start on a fresh Debian/Ubuntu machine: install what is missing, build, start a local cluster
# (coordinator + 2 workers, embedded SQLite store), submit the sample articles, show status and a result.
#   Scripts/quickstart.sh          run the demo, then stop the cluster
#   Scripts/quickstart.sh --keep   leave the cluster running (stop it with: kill $(cat .quickstart/pids))
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[ "${1:-}" = "--keep" ] && keep=true

Scripts/install-deps.sh
bin=$(Scripts/presswork-bin.sh) || exit 1

port="${PRESSWORK_PORT:-7700}"
endpoint="tcp://127.0.0.1:$port"
export PRESSWORK_CONNECT="$endpoint"
state=.quickstart
mkdir -p "$state"

"$bin" coordinator --bind "$endpoint" --data "$state/data" >"$state/coordinator.log" 2>&1 &
pids="$!"
"$bin" worker --id worker-1 --concurrency 2 >"$state/worker-1.log" 2>&1 &
pids="$pids $!"
"$bin" worker --id worker-2 --concurrency 2 >"$state/worker-2.log" 2>&1 &
pids="$pids $!"
echo "$pids" >"$state/pids"
if ! $keep; then trap 'kill $pids 2>/dev/null; wait 2>/dev/null' EXIT; fi

for _ in $(seq 50); do "$bin" status --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
for _ in $(seq 50); do [ "$("$bin" status --json | grep -c '"state" : "up"')" -ge 2 ] && break; sleep 0.2; done

echo "== submitting the sample articles (Scripts/samples)"
ids=$("$bin" submit Scripts/samples --wait) || echo "(some samples did not process: see presswork dead)"
echo "$ids"
echo
echo "== presswork status"
"$bin" status
echo
# Show the Kazakh sample's result document (export is JSON Lines; each line holds "id":"…"). Every stage
# reads its whole input: one that stopped early (grep -m1, head) would end export with SIGPIPE, which
# pipefail turns into exit status 141 once the store holds more than a pipe's worth of results.
kazakh=$("$bin" export 2>/dev/null | grep 'samples/kk-' | grep -o '"id":"[0-9a-f]*"' | sed -n '1s/"id":"\(.*\)"/\1/p')
echo "== presswork show $kazakh"
"$bin" show "$kazakh"
echo
if $keep; then
  echo "The cluster keeps running at $endpoint (logs in $state/). Stop it with: kill \$(cat $state/pids)"
else
  echo "Done. Run 'Scripts/quickstart.sh --keep' to leave the cluster running."
fi
