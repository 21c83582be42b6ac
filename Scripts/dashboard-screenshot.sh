#!/usr/bin/env bash
# Takes a screenshot of the coordinator dashboard (GET /) with headless Chromium: starts a local
# coordinator with --http and two workers from the release build, submits Scripts/samples in waves for
# about 20 s (plus one undecodable file, which ends dead), SIGKILLs the second worker so it shows as
# lost, and shoots.
#   Scripts/dashboard-screenshot.sh [OUT.png]     (default: .dashboard/dashboard.png)
#   PRESSWORK_BIN=.build/debug/presswork Scripts/dashboard-screenshot.sh    (no release build)
set -euo pipefail
cd "$(dirname "$0")/.."

state=.dashboard
mkdir -p "$state"
out="${1:-$state/dashboard.png}"
zmq_port="${PRESSWORK_PORT:-7710}"
http_port="${PRESSWORK_HTTP_PORT:-7790}"

browser=""
for candidate in chromium chromium-browser; do
  command -v "$candidate" >/dev/null && { browser="$candidate"; break; }
done
if [ -z "$browser" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: chromium"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  browser=chromium
fi

# PRESSWORK_BIN=path/to/presswork skips the release build (e.g. to use a debug build).
bin=$(Scripts/presswork-bin.sh) || exit 1

endpoint="tcp://127.0.0.1:$zmq_port"
export PRESSWORK_CONNECT="$endpoint"
rm -rf "$state/data"
"$bin" coordinator --bind "$endpoint" --data "$state/data" --http "127.0.0.1:$http_port" \
  >"$state/coordinator.log" 2>&1 &
pids="$!"
trap 'kill $pids 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 50); do "$bin" status --timeout 1 >/dev/null 2>&1 && break; sleep 0.2; done
"$bin" worker --id worker-1 --concurrency 2 >"$state/worker-1.log" 2>&1 &
pids="$pids $!"
"$bin" worker --id worker-2 --concurrency 1 >"$state/worker-2.log" 2>&1 &
victim="$!"
pids="$pids $victim"
for _ in $(seq 50); do [ "$("$bin" status --json | grep -c '"state" : "up"')" -ge 2 ] && break; sleep 0.2; done

# Waves of work, so the charts have a shape; binary bytes are refused as undecodable (a dead job).
head -c 4096 /dev/urandom >"$state/undecodable.txt"
"$bin" submit "$state/undecodable.txt" >/dev/null 2>&1
for wave in $(seq 10); do
  for _ in $(seq "$wave"); do "$bin" submit Scripts/samples >/dev/null 2>&1; done
  if [ "$wave" -eq 6 ]; then kill -KILL "$victim"; wait "$victim" 2>/dev/null || true; fi
  sleep 2
done
# The terminal view of the same moment, for comparison.
"$bin" status >"$state/status.txt" 2>&1 || true
"$browser" --headless --no-sandbox --disable-gpu --window-size=1280,1500 --virtual-time-budget=5000 \
  --screenshot="$out" "http://127.0.0.1:$http_port/" >"$state/chromium.log" 2>&1
[ -s "$out" ] || { echo "no screenshot taken (see $state/chromium.log)" >&2; exit 1; }
echo "screenshot: $(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
echo "status:     $(pwd)/$state/status.txt"
