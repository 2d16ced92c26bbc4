#!/usr/bin/env bash
# The main job: builds, then simulates a GoCast fleet on the built-in synthetic latency
# model (256 peers, 120 s) and prints the results. Arguments go to gocast-sim (see --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
exec "$build/gocast-sim" --out "${GOCAST_OUT:-$root/out/sim}" "$@"
