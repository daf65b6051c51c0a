#!/usr/bin/env bash
# Featurelab's benchmark (issue 12): extraction against the PyTorch way and against the
# forward-only ceiling, head training, the cached re-run, memory, the four-stage recipe and UI
# responsiveness, each figure next to its target. Writes bench-results.json and
# bench-results.txt (the table, also printed) into OUT (default: the current folder).
#
#   packaging/bench.sh [--runs N] [--only 1,2,...] [--out DIR] [--keep] [--pytorch-threads N]
#
# Items (issue 12): 1 extraction vs the PyTorch way (DataLoader), 2 vs the forward-only
# ceiling, 3 head training on cached features, 4 cached re-run, 5 memory, 6 the four-stage
# recipe, 7 the GUI's longest event-loop stall. tests/bench/bench_run.py says how each is taken;
# docs/performance.md has the figures and what bounds them.
#
# Needs a build (packaging/build.sh or packaging/test.sh) with the benchmark targets, the
# shared data (../shared, or FEATURELAB_SHARED_DIR) and Debian's python3-torch,
# python3-torchvision and python3-h5py for the PyTorch side. About 12 minutes on an idle
# 2-core machine with the default 3 runs (most of it ResNet-18 on 2,000 photos, both sides).
# Timings mean something only on an otherwise idle machine: the table records the load average
# at the start and end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
missing=()
for f in app/featurelab-cli tests/bench_forward tests/bench_train_head tests/bench_ui; do
    [ -x "$build/$f" ] || missing+=("$(basename "$f")")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench.sh: not built in $build: ${missing[*]}" >&2
    echo "  build them with: cmake --build $build --target featurelab-cli bench_forward bench_train_head bench_ui" >&2
    exit 2
fi
if ! /usr/bin/python3 -c 'import torch, torchvision, h5py' 2>/dev/null; then
    echo "bench.sh: /usr/bin/python3 lacks torch, torchvision or h5py" >&2
    echo "  (Debian: apt-get install python3-torch python3-torchvision python3-h5py)" >&2
    exit 2
fi
exec /usr/bin/python3 "$root/tests/bench/bench_run.py" --build "$build" "$@"
