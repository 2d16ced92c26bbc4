#!/usr/bin/env bash
# Builds with warnings as errors and runs every test tier through CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" -DGOCAST_WERROR=ON
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
