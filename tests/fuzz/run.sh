#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 300), one after the other, and prints
# executions and findings per target. Build first (tests/fuzz/CMakeLists.txt has the commands).
# New inputs go to BUILD/fuzz-corpus/<target> (the committed seeds stay as they are); crashes,
# leaks of time and memory go to BUILD/fuzz-artifacts/<target>/.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (BUILD_DIR defaults to build-fuzz)
# FUZZ_FLAGS adds libFuzzer options. The HDF5 targets stop within minutes on a known libhdf5
# crash (README.md, "Findings"); to fuzz them for the whole time and collect every artifact:
#   FUZZ_FLAGS="-fork=1 -ignore_crashes=1 -ignore_ooms=1" tests/fuzz/run.sh 360 keras_h5 feature_cache
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
    targets=(safetensors torch_zip keras_h5 model_file feature_cache run_folder image)
# LibTorch and HDF5 keep memory until exit: leak reports would be noise, not findings.
# allocator_may_return_null: libhdf5 mallocs sizes read from a file's metadata and handles NULL
# with an error, as glibc gives it; ASan would otherwise abort on sizes over 1 TB. The engine's
# own allocations use new, which still throws (bad_alloc that is not an Error is a finding).
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
for t in "${targets[@]}"; do
    mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-artifacts/$t"
    log="$build/fuzz-artifacts/$t.log"
    t0=$(date +%s)
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t/" ${FUZZ_FLAGS:-} \
        "$build/fuzz-corpus/$t" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    # -fork prints no final stats: its last progress line ("#N: cov: ...") has the total
    [ -z "$runs" ] && runs=$(grep -o '^#[0-9]*: cov:' "$log" | tail -n 1 | tr -dc '0-9')
    found=$(find "$build/fuzz-artifacts/$t" -type f | wc -l)
    echo "$t: exit $rc, ${runs:-?} executions in $(($(date +%s) - t0)) s, $found artifact(s) (log: $log)"
    [ "$rc" -ne 0 ] || [ "$found" -ne 0 ] && status=1
done
exit $status
