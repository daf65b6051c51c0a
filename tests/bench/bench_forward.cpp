// Benchmark: the forward-only ceiling of feature extraction. The same network, cut at the same
// layer and run through the same extractor as featurelab-cli extract, on pre-built random input
// tensors: no decoding, no cache, nothing else in the way. Prints one JSON line; not a test.
//
//   bench_forward --backbone SPEC [--layer penultimate] [--images N] [--batch 32] [--threads T]
//                 [--parallel P] [--inference-mode 0|1] [--channels-last 0|1]
//
// --threads 0 (the default) keeps the engine's own default (initRuntime(0)). --parallel P runs
// P threads at once, each on its own batches with threads/P LibTorch threads (how extract
// schedules a CPU): the ceiling is the faster of the two ways. One warm-up batch per thread is
// not timed.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "data/loader.h"
#include "featurelab/backbone_spec.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "features/network_features.h"
#include "models/network.h"

using namespace featurelab;

int main(int argc, char** argv) {
    std::string backbone, layer = "penultimate";
    long images = 512, batch = 32;
    int threads = 0, parallel = 1, inferenceMode = 0, channelsLast = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--backbone")
            backbone = v;
        else if (k == "--layer")
            layer = v;
        else if (k == "--images")
            images = std::stol(v);
        else if (k == "--batch")
            batch = std::stol(v);
        else if (k == "--threads")
            threads = std::stoi(v);
        else if (k == "--parallel")
            parallel = std::max(1, std::stoi(v));
        else if (k == "--inference-mode")
            inferenceMode = std::stoi(v);
        else if (k == "--channels-last")
            channelsLast = std::stoi(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (backbone.empty() || images < 1 || batch < 1) {
        std::fprintf(stderr,
                     "usage: bench_forward --backbone SPEC [--layer L] [--images N] "
                     "[--batch B] [--threads T] [--parallel P]\n");
        return 2;
    }
    try {
        const RuntimeInfo rt = initRuntime(threads);
        const auto net = createNetwork(BackboneSpec::parse(backbone));
        const FeatureExtractor extract = networkExtractor(net, layer);
        const Preprocessing p = net->preprocessing();
        torch::manual_seed(0);
        torch::Tensor x = torch::randn({batch, 3, p.height, p.width});
        if (channelsLast) {  // NHWC activations and 4-d weights (a lever tried, see --help)
            torch::NoGradGuard noGrad;
            x = x.contiguous(torch::MemoryFormat::ChannelsLast);
            for (auto& w : net->module().parameters())
                if (w.dim() == 4) w.set_data(w.contiguous(torch::MemoryFormat::ChannelsLast));
        }
        // Threads started below take the intra-op count in force when they start.
        const ComputeThreadsGuard perThread(std::max(1, rt.intraOpThreads / parallel));
        const int perThreadCount = at::get_num_threads();
        std::atomic<long> claimed{0};
        std::atomic<int> ready{0};
        std::atomic<bool> go{false};
        std::vector<double> checksums(std::size_t(parallel), 0.0);
        auto work = [&](std::size_t id) {
            torch::NoGradGuard noGrad;  // as the feature cache runs the extractor
            std::unique_ptr<c10::InferenceMode> inference;
            if (inferenceMode) inference = std::make_unique<c10::InferenceMode>();
            checksums[id] += extract(x).sum().item<double>();  // warm-up: pools, kernels
            ++ready;
            while (!go.load()) std::this_thread::yield();
            // .item() waits for the result, also on an asynchronous device.
            while (claimed.fetch_add(batch) < images)
                checksums[id] += extract(x)[0][0].item<double>();
        };
        std::vector<std::thread> pool;
        for (int i = 0; i < parallel; ++i) pool.emplace_back(work, std::size_t(i));
        while (ready.load() < parallel) std::this_thread::yield();
        const auto t0 = std::chrono::steady_clock::now();
        go = true;
        for (auto& t : pool) t.join();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const long done = (images + batch - 1) / batch * batch;
        double checksum = 0;
        for (double c : checksums) checksum += c;
        std::printf(
            "{\"device\": \"%s\", \"parallel\": %d, \"threads_each\": %d, \"batch\": "
            "%ld, \"images\": %ld, \"seconds\": %.4f, \"images_per_second\": %.2f, "
            "\"checksum\": %.4f}\n",
            rt.device.c_str(), parallel, perThreadCount, batch, done, secs, double(done) / secs,
            checksum);
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_forward: %s\n", e.what());
        return 1;
    }
    return 0;
}
