#!/usr/bin/env bash
# Installs the Debian 12 packages GoCast builds with. Idempotent: does nothing when they
# are all present; otherwise needs root (or sudo) and Debian's apt repositories.
set -euo pipefail

# gnuplot-nox draws the experiment figures (bench/experiments/, pngcairo terminal); jq
# gathers their summary.json files.
packages=(build-essential cmake pkg-config libboost-dev nlohmann-json3-dev libcpp-httplib-dev
          doctest-dev gnuplot-nox jq)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
