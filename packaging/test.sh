#!/usr/bin/env bash
# Everything needed to pass the tests on a fresh Debian 12 machine:
# dependencies -> configure -> build -> .deb -> ctest. The exit code is the test result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
"$root/packaging/setup-deps.sh"
BUILD_DIR="${BUILD_DIR:-$root/build}" "$root/packaging/build.sh"
built=$(date +%s)
echo "test.sh: build finished in $((built - start)) s"
cd "${BUILD_DIR:-$root/build}"
# The Debian package, which test_cli_package unpacks and runs (README "Install"). A failure
# here still runs the tests (test_cli_package then fails under CI=true) and fails the script.
status=0
if cmake --build . --target package >package.log 2>&1; then
    echo "test.sh: $(ls featurelab_*.deb) built in $(( $(date +%s) - built )) s"
else
    status=$?
    cat package.log >&2
    echo "test.sh: building the .deb failed" >&2
fi
ctest --output-on-failure --timeout 900 -j"${TEST_JOBS:-1}" || status=$?
echo "test.sh: build + tests took $(( $(date +%s) - start )) s"
exit $status
