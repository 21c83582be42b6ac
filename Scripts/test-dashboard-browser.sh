#!/usr/bin/env bash
# End-to-end test of the web dashboard in a real browser: headless Chromium driven over the DevTools
# protocol by Scripts/dashboard_browser.py, against a real coordinator (--http-prefix /presswork,
# --http-auth with a USER:PASSWORD line, --retries 0) and real workers on free loopback ports in a
# temporary directory. It checks every view with real data (overview, jobs and their filters, a dead
# job's page, running, failures, workers), drains a worker and retries the dead job from the page (confirm
# dialogs accepted), and that the API refuses requests without credentials (401) and actions without
# X-Requested-With (403). A PNG of each view goes to the screenshot directory.
#
#   Scripts/test-dashboard-browser.sh [--screenshots DIR]    (default: .build-dashboard-screens/)
#   PRESSWORK_BIN=/path/to/presswork Scripts/test-dashboard-browser.sh
#
# Installs chromium and python3 with venv support when missing (Debian/Ubuntu, with apt-get), makes a
# virtual environment in .build-python-browser/ and installs websocket-client there (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || { echo "needed: $* (no apt-get here to install it)" >&2; exit 1; }
  echo "installing: $*"
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser; do
    command -v "$candidate" >/dev/null && { browser="$candidate"; break; }
  done
fi
if [ -z "$browser" ]; then
  apt_install chromium
  browser=chromium
fi
browser=$(command -v "$browser")

if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install python3 python3-venv
fi

if [ -z "${PRESSWORK_BIN:-}" ]; then
  PRESSWORK_BIN="$(swift build --show-bin-path)/presswork"
  if [ ! -x "$PRESSWORK_BIN" ]; then
    echo "building presswork (debug)"
    swift build --product presswork 2>&1 | { grep -E "error|Compiling presswork|Build" || true; }
  fi
fi
[ -x "$PRESSWORK_BIN" ] || { echo "PRESSWORK_BIN=$PRESSWORK_BIN is not executable" >&2; exit 1; }
PRESSWORK_BIN=$(realpath "$PRESSWORK_BIN")
echo "presswork: $PRESSWORK_BIN"
echo "browser:   $browser"

venv=.build-python-browser
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import websocket' >/dev/null 2>&1; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check websocket-client
fi

exec "$venv/bin/python" Scripts/dashboard_browser.py --bin "$PRESSWORK_BIN" --browser "$browser" "$@"
