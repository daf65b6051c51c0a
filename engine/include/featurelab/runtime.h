// Where the engine computes (CPU or CUDA) and with how many threads.
#pragma once

#include <cstdint>
#include <string>

namespace featurelab {

struct RuntimeInfo {
    bool cuda = false;        // true when LibTorch was built with CUDA and a GPU is present
    std::string device;       // "cpu" or "cuda:0"
    int intraOpThreads = 1;   // LibTorch's intra-op thread count
    std::string description;  // one line for logs and the status bar, e.g. "CPU, 2 threads"
};

/// Sets LibTorch's intra-op thread count (0 = one per hardware core; LibTorch's own default
/// here is 1, which leaves half the machine idle) and reports the device jobs will use.
/// Safe to call more than once. Throws Error(InvalidArgument) for more than 1024 threads.
RuntimeInfo initRuntime(int threads = 0);

/// The current runtime without changing anything.
RuntimeInfo currentRuntime();

/// How many times this process has read a backbone weights file or a trained model file (all
/// threads). Tests use it to prove that a handle loads its weights once.
std::uint64_t weightsLoadCount();

/// How many images this process has decoded (all threads): a cache hit decodes none.
std::uint64_t decodedImageCount();

}  // namespace featurelab
