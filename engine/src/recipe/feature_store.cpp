// featuresAt: the run's in-memory features per cut point, filled by one streaming pass.
#include <algorithm>

#include "featurelab/error.h"
#include "recipe/disk_cache.h"
#include "recipe/features.h"
#include "recipe/run_context.h"

namespace featurelab::recipe {

const CutFeatures& featuresAt(RunContext& ctx, std::size_t cut,
                              const std::vector<std::size_t>& alsoCuts, bool withTrain) {
    auto found = ctx.features.find(cut);
    const bool haveTrain = found != ctx.features.end() && found->second.train.defined();
    if (found != ctx.features.end() && (haveTrain || !withTrain)) return found->second;
    std::vector<std::size_t> cuts{cut};
    for (std::size_t c : alsoCuts)
        if (!ctx.features.count(c) && c > 0) cuts.push_back(c);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    // Cuts below the disk cache's layer come along only when the cache extracts everything.
    std::vector<std::size_t> high, low;
    for (std::size_t c : cuts) (diskCacheServes(ctx, c) ? high : low).push_back(c);
    if (found == ctx.features.end() && diskCacheServes(ctx, cut)) {
        try {
            loadFromDiskCache(ctx, high, low);
            return ctx.features.at(cut);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::Io && e.code() != ErrorCode::BadCache) throw;
            ctx.diskCache = false;
            ctx.observer.onMessage(std::string("Feature cache unavailable (") + e.what() +
                                   "); keeping features in memory for this run.");
        }
    }
    auto run = [&](const std::vector<ImageEntry>& images, const char* split) {
        return featuresAtCuts(*ctx.net, images, cuts, ctx.config.workers, ctx.device,
                              std::string("features ") + split, ctx.observer, ctx.cancel);
    };
    // Kept on the compute device: each epoch then reads them without a copy.
    auto store = [&](const std::vector<torch::Tensor>& t, torch::Tensor CutFeatures::*member) {
        for (std::size_t i = 0; i < cuts.size(); ++i)
            if (t[i].defined()) ctx.features[cuts[i]].*member = t[i].to(ctx.device);
    };
    if (withTrain) store(run(ctx.train, "train"), &CutFeatures::train);
    if (found == ctx.features.end()) {
        store(run(ctx.valid, "valid"), &CutFeatures::valid);
        if (!ctx.test.empty()) store(run(ctx.test, "test"), &CutFeatures::test);
    }
    return ctx.features.at(cut);
}

}  // namespace featurelab::recipe
