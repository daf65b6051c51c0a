#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: dependencies -> build -> the lesson's recipe on
# the dogs-vs-cats photos with the real MobileNet. With a display it opens the workbench on
# that data; without one it runs the same recipe headless and prints the stage table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${FEATURELAB_SHARED_DIR:-$root/../shared}"
data="${FEATURELAB_DEMO_DATA:-$shared/data/dogscats}"
weights="${FEATURELAB_DEMO_WEIGHTS:-$shared/models/mobilenet_2_5_128_tf.h5}"

if [ ! -d "$data/train" ] || [ ! -f "$weights" ]; then
    cat >&2 <<MSG
demo.sh: the demo data is missing.
  Put an ImageFolder tree at   $data   (train/cats, train/dogs, valid/cats, valid/dogs)
  and the Keras MobileNet weights at   $weights
  (mobilenet_2_5_128_tf.h5: Keras Applications MobileNet v1 alpha 0.25, 128x128, with top).
  Or point FEATURELAB_DEMO_DATA and FEATURELAB_DEMO_WEIGHTS at your own.
MSG
    exit 1
fi

"$root/packaging/setup-deps.sh"
BUILD_DIR="${BUILD_DIR:-$root/build}" "$root/packaging/build.sh"
bin="${BUILD_DIR:-$root/build}"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${FEATURELAB_HEADLESS:-}" ]; then
    exec "$bin/app/featurelab" --data "$data" --backbone "mobilenet_v1_0.25:$weights"
fi
# Headless: the four stages, the stage table on stdout, the run in FEATURELAB_DEMO_OUT.
exec "$bin/app/featurelab-cli" recipe --data "$data" --backbone "mobilenet_v1_0.25:$weights" \
    --stages linear,last,dense,conv --out "${FEATURELAB_DEMO_OUT:-$bin/demo-run}"
