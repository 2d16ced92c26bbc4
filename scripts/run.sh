#!/usr/bin/env bash
# The main job: builds, then starts a local GoCast cluster (16 gocast-peer processes on
# 127.0.0.1, built-in defaults) with a publisher sending a message every second, prints
# each peer's web address, and stops every peer cleanly on Ctrl-C.
# Arguments go to gocast-cluster (see --help), e.g. --peers 32 --emulate-latency synthetic.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GOCAST_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
exec "$build/gocast-cluster" --data-root "${GOCAST_OUT:-$root/out}/cluster" "$@"
