// Device and thread selection for LibTorch.
#include "featurelab/runtime.h"

#include <thread>

#include <torch/torch.h>

#include "featurelab/error.h"

namespace featurelab {

RuntimeInfo currentRuntime() {
    RuntimeInfo info;
    info.cuda = torch::cuda::is_available();
    info.device = info.cuda ? "cuda:0" : "cpu";
    info.intraOpThreads = at::get_num_threads();
    info.description = (info.cuda ? std::string("CUDA (cuda:0)") : std::string("CPU")) + ", " +
                       std::to_string(info.intraOpThreads) + " thread" +
                       (info.intraOpThreads == 1 ? "" : "s");
    return info;
}

RuntimeInfo initRuntime(int threads) {
    // Beyond this, OpenMP spends its time creating threads rather than computing (F18).
    if (threads > 1024)
        throw Error(ErrorCode::InvalidArgument,
                    "At most 1024 LibTorch threads (got " + std::to_string(threads) + ").");
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (at::get_num_threads() != threads) at::set_num_threads(threads);
    return currentRuntime();
}

}  // namespace featurelab
