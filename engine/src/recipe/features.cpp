// Streaming feature extraction: decode-ahead batches through the frozen backbone.
#include "recipe/features.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "featurelab/error.h"
#include "features/network_features.h"
#include "recipe/image_batches.h"

namespace featurelab::recipe {

std::vector<torch::Tensor> featuresAtCuts(Network& net, const std::vector<ImageEntry>& images,
                                          const std::vector<std::size_t>& cuts, int workers,
                                          const torch::Device& device, const std::string& phase,
                                          JobObserver& observer, const CancelToken* cancel,
                                          bool augment, std::uint64_t seed,
                                          torch::ScalarType storeAs) {
    using Clock = std::chrono::steady_clock;
    torch::NoGradGuard ng;  // not InferenceMode: these tensors later feed trainable layers
    net.setTrainMode(false);
    ImageBatches source(images, net.preprocessing(), workers, augment, cancel);
    // The frozen network at every cut, imagesPerPass images at a time (largest activation
    // under glibc's mmap threshold: reused, not page-faulted in again).
    const std::int64_t perPass = imagesPerPass(net);
    auto forward = [&net, &cuts, perPass](const torch::Tensor& x) {
        torch::NoGradGuard noGrad;  // grad mode is per thread: also on the decode workers
        return inSlices(x, perPass, [&](const torch::Tensor& part) {
            std::vector<torch::Tensor> outs;
            torch::Tensor h = part;
            std::size_t at = 0;
            for (const std::size_t cut : cuts) {
                h = net.forwardSegments(h, at, cut);
                at = cut;
                outs.push_back(h);
            }
            return outs;
        });
    };
    // On the CPU each decode worker also runs the network on the batch it decoded, with its
    // share of LibTorch's threads (as loadOrExtractFeatures does; docs/performance.md).
    std::unique_ptr<ComputeThreadsGuard> perWorker;
    if (device.is_cpu()) {
        perWorker = std::make_unique<ComputeThreadsGuard>(
            std::max(1, at::get_num_threads() / std::max(1, workers)));
        source.setProcess(forward);
    }
    source.start(false, 64, seed);
    // Rows are written into one tensor per cut as batches arrive: collecting batches and
    // concatenating them would hold every feature twice at the end of the pass.
    std::vector<torch::Tensor> out(cuts.size());
    const auto t0 = Clock::now();
    auto lastReport = t0;
    std::size_t done = 0;
    torch::Tensor x, y;
    std::vector<torch::Tensor> hs;
    for (;;) {
        if (perWorker) {
            if (!source.nextProcessed(hs, y)) break;
        } else {
            if (!source.next(x, y)) break;
            hs = forward(x.to(device));
        }
        throwIfCancelled(cancel);
        for (std::size_t c = 0; c < cuts.size(); ++c) {
            const torch::Tensor& h = hs[c];
            if (!out[c].defined()) {
                std::vector<std::int64_t> shape = h.sizes().vec();
                shape[0] = static_cast<std::int64_t>(images.size());
                out[c] = torch::empty(shape, torch::TensorOptions().dtype(storeAs));
            }
            out[c].narrow(0, static_cast<std::int64_t>(done), h.size(0)).copy_(h);
        }
        done += static_cast<std::size_t>(y.size(0));
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        if (std::chrono::duration<double>(Clock::now() - lastReport).count() >= 0.2 ||
            done == images.size()) {
            lastReport = Clock::now();
            Progress p;
            p.phase = phase;
            p.done = done;
            p.total = images.size();
            p.itemsPerSecond = secs > 0 ? static_cast<double>(done) / secs : 0;
            p.etaSeconds = p.itemsPerSecond > 0
                               ? static_cast<double>(images.size() - done) / p.itemsPerSecond
                               : -1;
            observer.onProgress(p);
        }
    }
    for (const auto& f : source.failures())
        observer.onMessage("Could not decode " + f.path + ": " + f.reason);
    for (auto& t : out)
        if (!t.defined()) t = torch::empty({0});
    return out;
}

std::int64_t valuesPerImageAt(Network& net, std::size_t cut) {
    const auto pp = net.preprocessing();
    torch::NoGradGuard ng;
    net.setTrainMode(false);
    const auto probe = net.forwardSegments(
        torch::zeros({1, 3, pp.height, pp.width},
                     torch::TensorOptions().device(net.module().parameters().front().device())),
        0, cut);
    return probe.numel();
}

}  // namespace featurelab::recipe
