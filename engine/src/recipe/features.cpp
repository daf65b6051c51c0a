// Streaming feature extraction: decode-ahead batches through the frozen backbone.
#include "recipe/features.h"

#include <chrono>

#include "featurelab/error.h"
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
    source.start(false, 64, seed);
    // Rows are written into one tensor per cut as batches arrive: collecting batches and
    // concatenating them would hold every feature twice at the end of the pass.
    std::vector<torch::Tensor> out(cuts.size());
    const auto t0 = Clock::now();
    auto lastReport = t0;
    std::size_t done = 0;
    torch::Tensor x, y;
    while (source.next(x, y)) {
        throwIfCancelled(cancel);
        torch::Tensor h = x.to(device);
        std::size_t at = 0;
        for (std::size_t c = 0; c < cuts.size(); ++c) {
            h = net.forwardSegments(h, at, cuts[c]);
            at = cuts[c];
            if (!out[c].defined()) {
                std::vector<std::int64_t> shape = h.sizes().vec();
                shape[0] = static_cast<std::int64_t>(images.size());
                out[c] = torch::empty(shape, torch::TensorOptions().dtype(storeAs));
            }
            out[c].narrow(0, static_cast<std::int64_t>(done), h.size(0)).copy_(h);
        }
        done += static_cast<std::size_t>(x.size(0));
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

}  // namespace featurelab::recipe
