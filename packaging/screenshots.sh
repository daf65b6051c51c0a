#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from the real demo data: runs the end-to-end GUI test
# (train the linear stage on a dogs-vs-cats subset with the real MobileNet, click a confusion
# cell, click a thumbnail) and lets it grab the main window mid-training, the confusion matrix
# with the filtered gallery, and the inspector; then compares two real runs in the History dock.
# Uses xvfb-run when present (a real X server renders fonts and styles as a desktop does), the
# offscreen platform otherwise.
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
run_shown() {  # a GUI test under a real X server when there is one
    if command -v xvfb-run >/dev/null; then
        xvfb-run -a -s "-screen 0 1920x1200x24" "$@"
    else
        QT_QPA_PLATFORM=offscreen "$@"
    fi
}
run_shown "$build/tests/test_workbench_e2e" trainLinearThenInspect

# The History dock: two short runs on the full data that differ in their learning rates,
# written where featurelab-cli writes runs by default (here a temporary XDG_DATA_HOME, so
# nothing lands in your own history), then compared.
cmake --build "$build" --target featurelab-cli test_history_dock >/dev/null
history="$(mktemp -d)"
trap 'rm -rf "$history"' EXIT
for lr in 0.01,0.001 0.003,0.0003; do
    XDG_DATA_HOME="$history/data" XDG_CACHE_HOME="$history/cache" "$build/app/featurelab-cli" \
        recipe --data "$shared/data/dogscats" --stages linear,last --lr "$lr" --quiet \
        --backbone "mobilenet_v1_0.25:$shared/models/mobilenet_2_5_128_tf.h5" >/dev/null
done
FEATURELAB_HISTORY_RUNS="$history/data/featurelab/runs" \
    run_shown "$build/tests/test_history_dock" comparesRealRuns

# The Embedding map: t-SNE of all 2,000 validation photos through the feature cache the History
# runs filled, coloured by true class, and in German by the first run's wrong predictions; a
# rectangle's images in the gallery and one point's hover card.
cmake --build "$build" --target test_embedding_map >/dev/null
first_run="$(ls -d "$history"/data/featurelab/runs/*/ | head -n 1)"
for lang in "" de; do
    XDG_CACHE_HOME="$history/cache" FEATURELAB_EMBEDDING_DATA="$shared/data/dogscats" \
        FEATURELAB_EMBEDDING_RUN="$first_run" FEATURELAB_SHOT_LANG="$lang" \
        run_shown "$build/tests/test_embedding_map" realPhotosTsne
done

# Relabel: a blurry photo of a linked subset goes to quarantine from the gallery's menu (a real
# rename of its symlink in a temporary folder, undone after), shown with the Edit menu open.
cmake --build "$build" --target test_relabel_real_photos >/dev/null
FEATURELAB_E2E_TRAIN=200 FEATURELAB_E2E_VALID=400 FEATURELAB_RELABEL_IMAGE=valid/dogs/dog.4386.jpg \
    run_shown "$build/tests/test_relabel_real_photos" quarantineFromTheGallery

# The Likely mislabeled tab: 1,000 real photos per class (symlinks in a temporary folder), 40 of
# each moved into the other class's folder, the label-error finder run from the tab.
cmake --build "$build" --target test_label_issues_view >/dev/null
FEATURELAB_LABEL_ISSUES_PER_CLASS=1000 FEATURELAB_LABEL_ISSUES_FLIPS=40 \
    run_shown "$build/tests/test_label_issues_view" findsFlippedLabelsEndToEnd

# The LR finder: the last stage's sweep on all of dogs vs cats with the real MobileNet, in English
# and in German.
cmake --build "$build" --target test_lr_finder_gui >/dev/null
for lang in "" de; do
    FEATURELAB_LR_DATA="$shared/data/dogscats" FEATURELAB_SHOT_LANG="$lang" \
        run_shown "$build/tests/test_lr_finder_gui" realPhotosLastStage
done
ls -1 "$out"/*.png
