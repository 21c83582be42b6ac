#!/usr/bin/env bash
# Prints the path of the presswork binary to run: the one way every script here finds it.
#
#   Scripts/presswork-bin.sh           # $PRESSWORK_BIN, else a release build made now
#   Scripts/presswork-bin.sh built     # $PRESSWORK_BIN, else a release or debug build already in .build,
#                                      # else a debug build made now
#
# $PRESSWORK_BIN must name an executable. Benchmarks use the default, so that an old binary is never
# measured; checks that only need some binary use `built`. The build's errors and its last line go to
# stderr; a failed build,
# or a PRESSWORK_BIN that is not executable, exits 1. The tests read the same variable
# (TestCluster.locateExecutable).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-release}

if [ -n "${PRESSWORK_BIN:-}" ]; then
  [ -x "$PRESSWORK_BIN" ] || { echo "presswork-bin: PRESSWORK_BIN=$PRESSWORK_BIN is not executable" >&2; exit 1; }
  realpath "$PRESSWORK_BIN"
  exit 0
fi
case "$mode" in
  release)
    swift build -c release --product presswork 2>&1 | { grep -E "error|Build" || true; } >&2 \
      || { echo "presswork-bin: release build failed" >&2; exit 1; }
    echo "$(swift build -c release --show-bin-path)/presswork"
    ;;
  built)
    for candidate in .build/release/presswork .build/debug/presswork; do
      [ -x "$candidate" ] && { realpath "$candidate"; exit 0; }
    done
    swift build --product presswork 2>&1 | { grep -E "error|Build" || true; } >&2 \
      || { echo "presswork-bin: debug build failed" >&2; exit 1; }
    echo "$(swift build --show-bin-path)/presswork"
    ;;
  *)
    echo "presswork-bin: unknown mode $mode (release or built)" >&2
    exit 2
    ;;
esac
