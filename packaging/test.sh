#!/usr/bin/env bash
# Everything needed to pass the tests on a fresh Debian 12 machine:
# dependencies -> configure -> build -> ctest. The exit code is the test result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
"$root/packaging/setup-deps.sh"
BUILD_DIR="${BUILD_DIR:-$root/build}" "$root/packaging/build.sh"
built=$(date +%s)
echo "test.sh: build finished in $((built - start)) s"
cd "${BUILD_DIR:-$root/build}"
status=0
ctest --output-on-failure --timeout 900 -j"${TEST_JOBS:-1}" || status=$?
echo "test.sh: build + tests took $(( $(date +%s) - start )) s"
exit $status
