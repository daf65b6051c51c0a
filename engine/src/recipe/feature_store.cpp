// featuresAt: the run's in-memory features per cut point, filled by one streaming pass.
#include <algorithm>

#include "recipe/features.h"
#include "recipe/run_context.h"

namespace featurelab::recipe {

const CutFeatures& featuresAt(RunContext& ctx, std::size_t cut,
                              const std::vector<std::size_t>& alsoCuts) {
    auto found = ctx.features.find(cut);
    if (found != ctx.features.end()) return found->second;
    std::vector<std::size_t> cuts{cut};
    for (std::size_t c : alsoCuts)
        if (!ctx.features.count(c) && c > 0) cuts.push_back(c);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    auto run = [&](const std::vector<ImageEntry>& images, const char* split) {
        return extractFeatures(*ctx.net, images, cuts, ctx.config.workers, ctx.device,
                               std::string("features ") + split, ctx.observer, ctx.cancel);
    };
    const auto tr = run(ctx.train, "train");
    const auto va = run(ctx.valid, "valid");
    std::vector<torch::Tensor> te(cuts.size());
    if (!ctx.test.empty()) te = run(ctx.test, "test");
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        // Kept on the compute device: each epoch then reads them without a copy.
        CutFeatures& f = ctx.features[cuts[i]];
        f.train = tr[i].to(ctx.device);
        f.valid = va[i].to(ctx.device);
        if (te[i].defined()) f.test = te[i].to(ctx.device);
    }
    return ctx.features.at(cut);
}

}  // namespace featurelab::recipe
