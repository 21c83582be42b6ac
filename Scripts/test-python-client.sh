#!/usr/bin/env bash
# Tests the Python client library (clients/python) against real coordinator and worker processes.
#
#   Scripts/test-python-client.sh                         # the debug build in .build (built if missing)
#   PRESSWORK_BIN=/path/to/presswork Scripts/test-python-client.sh
#
# Installs python3 and venv support when missing (Debian/Ubuntu, with apt-get), makes a virtual
# environment in .build-python/venv, installs the package there (pyzmq from PyPI) and runs
# `python -m unittest discover -s clients/python/tests -v`. The tests start their own coordinators
# and workers on free loopback ports in temporary directories and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  command -v apt-get >/dev/null || { echo "python3 with venv support is needed" >&2; exit 1; }
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: python3 python3-venv"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
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
export PRESSWORK_BIN
echo "presswork: $PRESSWORK_BIN"

venv=.build-python/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check ./clients/python
# pip builds in the source tree; leave nothing behind there.
rm -rf clients/python/build clients/python/presswork.egg-info

"$venv/bin/python" -m unittest discover -s clients/python/tests -v
