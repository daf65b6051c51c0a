#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from the real demo data: runs the end-to-end GUI test
# (train the linear stage on a dogs-vs-cats subset with the real MobileNet, click a confusion
# cell, click a thumbnail) and lets it grab the main window mid-training, the confusion matrix
# with the filtered gallery, and the inspector. Uses xvfb-run when present (a real X server
# renders fonts and styles as a desktop does), the offscreen platform otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
out="${1:-$root/docs/screenshots}"
shared="${FEATURELAB_SHARED_DIR:-$root/../shared}"
if [ ! -d "$shared/data/dogscats/train" ]; then
    echo "screenshots.sh: $shared/data/dogscats is missing; the screenshots use the real demo data." >&2
    exit 1
fi
cmake --build "$build" --target test_workbench_e2e >/dev/null
mkdir -p "$out"
export FEATURELAB_SCREENSHOTS_DIR="$out"
# A larger subset than the test's default, so the gallery and matrix look like a real run.
export FEATURELAB_E2E_TRAIN="${FEATURELAB_E2E_TRAIN:-400}" FEATURELAB_E2E_VALID="${FEATURELAB_E2E_VALID:-100}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
test_bin="$build/tests/test_workbench_e2e"
if command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 1920x1200x24" "$test_bin" trainLinearThenInspect
else
    QT_QPA_PLATFORM=offscreen "$test_bin" trainLinearThenInspect
fi
ls -1 "$out"/*.png
