#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and real-process integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
