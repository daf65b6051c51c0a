// Features from the HDF5 cache at dense_input, higher cuts derived through frozen segments.
#include "recipe/disk_cache.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <unordered_map>

#include "features/cache_location.h"
#include "features/feature_cache.h"
#include "features/network_features.h"

namespace featurelab::recipe {

namespace {

/// The rows of set that belong to images, in images' order. Images the cache returned no row
/// for (bad files) are dropped from images and labels. The cache is keyed by the data folder's
/// own splits and paths: validation images held out of train/ are rows of its "train" set,
/// and never mix with a valid/ folder's.
torch::Tensor rowsFor(std::vector<ImageEntry>& images, torch::Tensor* labels,
                      const FeatureSet& set) {
    std::unordered_map<std::string, std::int64_t> rowOf;
    for (std::size_t i = 0; i < set.relativePaths.size(); ++i)
        rowOf.emplace(set.relativePaths[i], static_cast<std::int64_t>(i));
    std::vector<ImageEntry> kept;
    std::vector<std::int64_t> rows;
    bool identity = true;
    for (auto& e : images) {
        const auto it = rowOf.find(e.relativePath);
        if (it == rowOf.end()) continue;
        identity = identity && it->second == static_cast<std::int64_t>(rows.size());
        rows.push_back(it->second);
        kept.push_back(e);
    }
    if (kept.size() != images.size()) {
        images = std::move(kept);
        if (labels) {
            std::vector<std::int64_t> l;
            for (const auto& e : images) l.push_back(e.label);
            *labels = torch::tensor(l, torch::kInt64);
        }
    }
    // The usual case (every image, in order) shares the set's tensor: no copy of what may be
    // gigabytes of features.
    if (identity && rows.size() == set.relativePaths.size()) return set.features;
    return set.features.index_select(0, torch::tensor(rows, torch::kInt64));
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
    const bool heldOut = ctx.validSplit.heldOut;
    std::vector<std::string> splits{"train"};
    if (!heldOut) splits.push_back("valid");
    if (!ctx.test.empty()) splits.push_back("test");
    const auto sets = networkFeatures(ctx.net, BackboneSpec::parse(ctx.config.backbone), layer,
                                      ctx.scan, splits, o);
    auto setOf = [&](const std::string& split) -> const FeatureSet* {
        for (const FeatureSet& fs : sets)
            if (fs.split == split) return &fs;
        return nullptr;
    };
    struct Target {
        const char* name;
        std::vector<ImageEntry>* images;
        torch::Tensor* labels;
        torch::Tensor CutFeatures::*member;
        const FeatureSet* set;
    };
    const std::vector<Target> targets{
        {"train", &ctx.train, &ctx.trainLabels, &CutFeatures::train, setOf("train")},
        {"valid", &ctx.valid, &ctx.validLabels, &CutFeatures::valid,
         setOf(heldOut ? "train" : "valid")},
        {"test", &ctx.test, nullptr, &CutFeatures::test, setOf("test")}};
    for (const FeatureSet& fs : sets)
        ctx.observer.onMessage("Features " + fs.split + ": " + std::to_string(fs.reused) +
                               " from the cache, " + std::to_string(fs.decoded) + " decoded (" +
                               fs.cacheFile + ")");
    ctx.net->setTrainMode(false);
    torch::NoGradGuard ng;
    for (const Target& t : targets) {
        if (!t.set) continue;
        const torch::Tensor x = rowsFor(*t.images, t.labels, *t.set).to(ctx.device);
        for (std::size_t cut : cuts) {
            // Segments between dense_input and the cut are frozen here: derive, batch by batch.
            std::vector<torch::Tensor> parts;
            for (std::int64_t i = 0; i < x.size(0); i += 1024)
                parts.push_back(ctx.net->forwardSegments(
                    x.slice(0, i, std::min(x.size(0), i + 1024)), base, cut));
            ctx.features[cut].*t.member = parts.empty() ? x : torch::cat(parts);
        }
    }
}

}  // namespace featurelab::recipe
