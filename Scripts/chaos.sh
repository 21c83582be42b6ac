#!/usr/bin/env bash
# The multi-host fault harness: a coordinator, two workers and a client on four network namespaces joined
# by a bridge of their own, with partitions, SIGKILLs and restarts injected while articles flow; then every
# acknowledged job is accounted for. Details and the last figures: Scripts/RELIABILITY.md.
#
#   Scripts/chaos.sh --quick                 CI: 400 articles per fault kind, one of each (about 80 s)
#   Scripts/chaos.sh                         the long run: 10,000 articles, ~20 faults of every kind at random (~5 min)
#   Scripts/chaos.sh --scenario kill-workers --articles 1000 --seed 42 --json-out figures.json
#
# Any argument other than --quick goes to Scripts/netns/chaos.py (see its --help); later ones win, so
# `--quick --seed 7` works. Needs root (namespaces) and iproute2; installs iproute2 and python3 with
# apt-get when missing. The binary: $PRESSWORK_BIN, else .build/release/presswork, else .build/debug.
# PW_NETNS_PREFIX (default pw) names the namespaces, so two runs on one machine do not collide.
# Exit status: chaos.py's (0 all accounted for, 1 a job lost or stored twice, a crash, a timeout).
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "chaos.sh: needs root (it creates network namespaces)" >&2; exit 2; }
if ! command -v ip >/dev/null || ! command -v bridge >/dev/null || ! command -v python3 >/dev/null; then
    # The CI machine is a fresh Debian: the two packages are all the harness needs.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iproute2 python3
fi

defaults=(--scenario mixed --articles 10000 --rate 40 --gap 8 --timeout 1200)
if [ "${1:-}" = "--quick" ]; then
    shift
    defaults=(--scenario all --articles 400 --rate 20 --timeout 300)
fi

export PW_NETNS_PREFIX="${PW_NETNS_PREFIX:-pw}"
# Always tear down, whatever happens: hosts.sh down also kills anything still running inside our
# namespaces (a Ctrl-C between two steps of chaos.py's own cleanup, say).
trap 'Scripts/netns/hosts.sh down' EXIT
# Leftovers of an earlier run that was killed too hard to clean up (SIGKILL) would make `up` fail.
Scripts/netns/hosts.sh down
Scripts/netns/hosts.sh up
status=0
python3 Scripts/netns/chaos.py "${defaults[@]}" "$@" || status=$?
exit "$status"
