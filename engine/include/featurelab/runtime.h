// Where the engine computes (CPU or CUDA) and with how many threads.
#pragma once

#include <cstdint>
#include <string>

namespace featurelab {

struct RuntimeInfo {
    bool cuda = false;        // true when jobs run on a GPU
    std::string device;       // "cpu" or "cuda:N"
    int intraOpThreads = 1;   // LibTorch's intra-op thread count
    std::string description;  // one line for logs and the status bar, e.g. "CPU, 2 threads"
};

/// Sets LibTorch's intra-op thread count (0 = one per hardware core; LibTorch's own default
/// here is 1, which leaves half the machine idle) and reports the device jobs will use.
/// Safe to call more than once. Throws Error(InvalidArgument) for more than 1024 threads, and
/// as currentRuntime() does.
///
/// The device: the environment variable FEATURELAB_DEVICE ("cpu", "cuda" or "cuda:N") when set,
/// otherwise the first GPU when LibTorch was built with CUDA and sees one, otherwise the CPU.
/// Networks are placed there when built and every job's tensors follow them.
///
/// Linking the engine also sets two process-wide policies before any library starts a thread
/// (unless the user's environment already sets them): OMP_WAIT_POLICY=PASSIVE, so that idle
/// LibTorch threads sleep instead of spinning against the decode threads and the UI, and fixed
/// malloc thresholds, so that per-batch buffers are reused instead of page-faulted in again.
/// docs/performance.md has the measurements.
RuntimeInfo initRuntime(int threads = 0);

/// The current runtime without changing anything. Throws Error(InvalidArgument) when
/// FEATURELAB_DEVICE names no device, or a GPU this LibTorch cannot use.
RuntimeInfo currentRuntime();

/// How many times this process has read a backbone weights file or a trained model file (all
/// threads). Tests use it to prove that a handle loads its weights once.
std::uint64_t weightsLoadCount();

/// How many images this process has decoded (all threads): a cache hit decodes none.
std::uint64_t decodedImageCount();

}  // namespace featurelab
