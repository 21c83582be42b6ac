#!/usr/bin/env bash
# Runs every test target but the process-level integration suites (none of which reads ../shared/data) with
# the team's shared data hidden, as in a user's fresh clone: each test that needs the data must be skipped
# with its reason, and everything else must pass. Expects a build (Scripts/test.sh makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t presswork-no-shared.XXXXXX)
trap 'rm -f "$log"' EXIT
# A path that does not exist: SharedData (Sources/PressworkTestSupport) then looks nowhere else.
hidden=/nonexistent/presswork-shared-data-hidden
status=0
PRESSWORK_SHARED_DATA=$hidden swift test --skip-build --skip PressworkIntegrationTests >"$log" 2>&1 || status=$?
skipped=$(grep -c "skipped: \"the shared data is hidden" "$log" || true)
grep -E "^[^ ]+ Test run with" "$log" || tail -n 20 "$log"
if [ "$status" -ne 0 ]; then
  { grep -E "✘" "$log" || true; } | head -n 40
  echo "test-without-shared-data: tests failed with the shared data hidden (exit $status)" >&2
  exit 1
fi
if [ "$skipped" -eq 0 ]; then
  echo "test-without-shared-data: no test said it skipped for the hidden data; is SharedData still the one helper?" >&2
  exit 1
fi
echo "shared data hidden: $skipped tests skipped for it, every other test passed"
