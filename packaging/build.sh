#!/usr/bin/env bash
# Configures and builds Featurelab into ${BUILD_DIR:-build} (Ninja, Release, ccache when present).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
# Compilers peak at 1.3-1.8 GB on torch TUs: -j2 fits the 2-core CI machine.
jobs="${BUILD_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" --parallel "$jobs"
