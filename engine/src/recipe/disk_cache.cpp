// Features from the HDF5 cache at dense_input, higher cuts derived through frozen segments.
#include "recipe/disk_cache.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "features/cache_location.h"
#include "features/feature_cache.h"
#include "features/network_features.h"

namespace featurelab::recipe {

namespace {

/// Keeps the entries (and labels) whose paths the cache returned: bad files are left out.
void alignTo(std::vector<ImageEntry>& images, torch::Tensor* labels,
             const std::vector<std::string>& paths) {
    if (paths.size() == images.size()) return;
    const std::set<std::string> keep(paths.begin(), paths.end());
    std::vector<ImageEntry> kept;
    for (auto& e : images)
        if (keep.count(e.relativePath)) kept.push_back(e);
    images = std::move(kept);
    if (labels) {
        std::vector<std::int64_t> l;
        for (const auto& e : images) l.push_back(e.label);
        *labels = torch::tensor(l, torch::kInt64);
    }
}

}  // namespace

bool diskCacheServes(const RunContext& ctx, std::size_t cut) {
    const std::size_t base = ctx.net->cutPoint("dense_input");
    return ctx.diskCache && cut >= base && base <= ctx.modifiedFrom && base > 0;
}

void loadFromDiskCache(RunContext& ctx, const std::vector<std::size_t>& cuts) {
    const std::size_t base = ctx.net->cutPoint("dense_input");
    // featurelab-cli extract caches "penultimate" by default: use that name when it is the same
    // cut, so that running extract first makes this a cache hit.
    const std::string layer =
        ctx.net->cutPoint("penultimate") == base ? "penultimate" : "dense_input";
    FeatureCacheOptions o;
    o.cacheDir =
        ctx.config.cacheDir.empty() ? defaultFeatureCacheDir(ctx.scan.root) : ctx.config.cacheDir;
    o.batchSize = 64;
    o.workers = ctx.config.workers;
    o.cancel = ctx.cancel;
    o.progress = [&ctx](const Progress& p) {
        ctx.observer.onProgress(p);
        return true;
    };
    o.onMessage = [&ctx](const std::string& m) { ctx.observer.onMessage(m); };
    o.onBadFile = [&ctx](const SkippedFile& f) {
        ctx.observer.onMessage("Could not decode " + f.path + ": " + f.reason);
    };
    std::vector<std::string> splits{"train", "valid"};
    if (!ctx.test.empty()) splits.push_back("test");
    const auto sets = networkFeatures(ctx.net, BackboneSpec::parse(ctx.config.backbone), layer,
                                      ctx.scan, splits, o);
    ctx.net->setTrainMode(false);
    torch::NoGradGuard ng;
    for (const FeatureSet& fs : sets) {
        std::vector<ImageEntry>* images = fs.split == "train"   ? &ctx.train
                                          : fs.split == "valid" ? &ctx.valid
                                                                : &ctx.test;
        torch::Tensor* labels = fs.split == "train"   ? &ctx.trainLabels
                                : fs.split == "valid" ? &ctx.validLabels
                                                      : nullptr;
        alignTo(*images, labels, fs.relativePaths);
        ctx.observer.onMessage("Features " + fs.split + ": " + std::to_string(fs.reused) +
                               " from the cache, " + std::to_string(fs.decoded) + " decoded (" +
                               fs.cacheFile + ")");
        const torch::Tensor x = fs.features.to(ctx.device);
        for (std::size_t cut : cuts) {
            // Segments between dense_input and the cut are frozen here: derive, batch by batch.
            std::vector<torch::Tensor> parts;
            for (std::int64_t i = 0; i < x.size(0); i += 1024)
                parts.push_back(ctx.net->forwardSegments(
                    x.slice(0, i, std::min(x.size(0), i + 1024)), base, cut));
            torch::Tensor f = parts.empty() ? x : torch::cat(parts);
            CutFeatures& c = ctx.features[cut];
            if (fs.split == "train") c.train = f;
            if (fs.split == "valid") c.valid = f;
            if (fs.split == "test") c.test = f;
        }
    }
}

}  // namespace featurelab::recipe
