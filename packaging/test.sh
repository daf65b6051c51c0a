#!/usr/bin/env bash
# Everything needed to pass the tests on a fresh Debian 12 machine:
# dependencies -> configure -> build -> .deb -> ctest. The exit code is the test result.
#   packaging/test.sh          Release build in build/
#   packaging/test.sh --asan   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#                              (leak checking off: LibTorch and Qt keep memory until exit;
#                              suppressions, third-party frames only, in packaging/*.supp)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
asan=0
if [ "${1:-}" = "--asan" ]; then
    asan=1
    shift
fi
"$root/packaging/setup-deps.sh"
if [ $asan -eq 1 ]; then
    BUILD_DIR="${BUILD_DIR:-$root/build-asan}"
    # Its own build type, so that Release's _FORTIFY_SOURCE (which bypasses ASan's
    # interceptors) stays out; -O1 keeps the suite's run time reasonable.
    san="-O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer"
    BUILD_DIR="$BUILD_DIR" "$root/packaging/build.sh" -DCMAKE_BUILD_TYPE=Asan \
        -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
        -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
    # allocator_may_return_null: hostile inputs ask LibTorch/libhdf5 for terabytes on purpose;
    # the product must turn the failed allocation into an error, which ASan's default abort
    # would hide (the same setting the fuzz targets run with).
    export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:allocator_may_return_null=1:suppressions=$root/packaging/asan.supp${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/packaging/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
else
    BUILD_DIR="${BUILD_DIR:-$root/build}"
    BUILD_DIR="$BUILD_DIR" "$root/packaging/build.sh"
fi
built=$(date +%s)
echo "test.sh: build finished in $((built - start)) s"
cd "$BUILD_DIR"
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
