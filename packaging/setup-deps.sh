#!/usr/bin/env bash
# Installs every Debian 12 package that Featurelab's build, tests and demo need.
# Idempotent and non-interactive; run as root (or it re-runs itself through sudo).
set -euo pipefail

PACKAGES=(
    # toolchain
    cmake ninja-build g++ ccache pkg-config
    # Qt 6: Charts will not configure without libqt6opengl6-dev when recommends are skipped
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
    libgl1-mesa-dev
    # engine
    libtorch-dev libopencv-dev libjpeg-dev libhdf5-dev nlohmann-json3-dev
    # featurelab-cli's command line (header-only)
    libcli11-dev
    # OpenBLAS: ~8x faster dense layers than the reference BLAS Debian selects by default
    libopenblas0-pthread
    # desktop integration and the .deb: icon rendering, validators, dpkg-shlibdeps, man pages
    librsvg2-bin desktop-file-utils appstream dpkg-dev help2man
    # offscreen / virtual display for GUI tests and screenshots
    xvfb xauth
    # parity fixtures (run with /usr/bin/python3)
    python3 python3-numpy python3-torch python3-torchvision python3-h5py python3-opencv
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-deps: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
fi
echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-deps: installed ${#missing[@]} packages: ${missing[*]}"
