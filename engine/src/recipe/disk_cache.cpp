// Features from the HDF5 cache at dense_input, higher cuts derived through frozen segments.
#include "recipe/disk_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
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

std::string diskCacheLayer(Network& net) {
    return net.cutPoint("penultimate") == net.cutPoint("dense_input") ? "penultimate"
                                                                       : "dense_input";
}

bool diskCacheServes(const RunContext& ctx, std::size_t cut) {
    const std::size_t base = ctx.net->cutPoint("dense_input");
    return ctx.diskCache && cut >= base && base <= ctx.modifiedFrom && base > 0;
}

namespace {

/// The features at cuts below the cache's own layer, kept from each batch the cache extracts.
/// Every image has its row, laid out as the recipe's lists (train, valid, test, in order), so
/// that each list's features are a slice of one tensor, never a copy. Batches arrive from
/// several decode workers at once and in any order; each writes only its images' rows.
class LowCapture {
public:
    LowCapture(std::vector<std::size_t> cuts,
               const std::vector<const std::vector<ImageEntry>*>& lists)
        : cuts_(std::move(cuts)), rows_(cuts_.size()) {
        for (const auto* list : lists)
            for (const ImageEntry& e : *list) slot_.emplace(e.relativePath, slot_.size());
        filled_.assign(slot_.size(), 0);
    }
    /// x through the frozen segments up to base, keeping each low cut's features on the way.
    torch::Tensor forward(Network& net, const torch::Tensor& x, std::size_t base,
                          const std::vector<std::string>& paths) {
        torch::Tensor h = x;
        std::size_t at = 0;
        for (std::size_t c = 0; c < cuts_.size(); ++c) {
            h = net.forwardSegments(h, at, cuts_[c]);
            at = cuts_[c];
            keep(c, h, paths);
        }
        return net.forwardSegments(h, at, base).flatten(1);
    }
    /// Cut c's features of images (a list given to the constructor, possibly without some
    /// files that failed to decode), in its order: a slice when nothing is missing. Undefined
    /// when any image's row was not extracted in this call (it came from the cache).
    torch::Tensor rows(std::size_t c, const std::vector<ImageEntry>& images) const {
        if (images.empty() || !rows_[c].defined()) return {};
        std::vector<std::int64_t> idx;
        for (const ImageEntry& e : images) {
            const auto it = slot_.find(e.relativePath);
            if (it == slot_.end() || !filled_[it->second]) return {};
            idx.push_back(static_cast<std::int64_t>(it->second));
        }
        const bool contiguous = idx.back() - idx.front() + 1 == std::int64_t(idx.size());
        if (contiguous) return rows_[c].narrow(0, idx.front(), std::int64_t(idx.size()));
        return rows_[c].index_select(0, torch::tensor(idx, torch::kInt64));
    }

private:
    void keep(std::size_t c, const torch::Tensor& h, const std::vector<std::string>& paths) {
        {
            std::lock_guard<std::mutex> lock(mutex_);  // the first batch allocates
            if (!rows_[c].defined()) {
                std::vector<std::int64_t> shape = h.sizes().vec();
                shape[0] = static_cast<std::int64_t>(slot_.size());
                rows_[c] = torch::empty(shape, torch::kFloat32);
            }
        }
        // An image is in one batch only: its row is written by one worker.
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const auto it = slot_.find(paths[i]);
            if (it == slot_.end()) continue;
            rows_[c][static_cast<std::int64_t>(it->second)].copy_(h[static_cast<std::int64_t>(i)]);
            if (c + 1 == cuts_.size()) filled_[it->second] = 1;
        }
    }

    std::vector<std::size_t> cuts_;
    std::vector<torch::Tensor> rows_;                    // allocated once, under the lock
    std::unordered_map<std::string, std::size_t> slot_;  // read-only once built
    std::vector<char> filled_;                           // one writer per element
    std::mutex mutex_;
};

}  // namespace

void loadFromDiskCache(RunContext& ctx, const std::vector<std::size_t>& cuts,
                       const std::vector<std::size_t>& lowCuts) {
    const std::size_t base = ctx.net->cutPoint("dense_input");
    const std::string layer = diskCacheLayer(*ctx.net);
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
    std::vector<std::size_t> low;
    for (std::size_t c : lowCuts)
        if (c > 0 && c < base) low.push_back(c);
    std::sort(low.begin(), low.end());
    low.erase(std::unique(low.begin(), low.end()), low.end());
    LowCapture capture(low, {&ctx.train, &ctx.valid, &ctx.test});
    std::vector<FeatureSet> sets;
    if (low.empty()) {
        sets = networkFeatures(ctx.net, BackboneSpec::parse(ctx.config.backbone), layer, ctx.scan,
                               splits, o);
    } else {
        // networkFeatures with an extractor that also keeps the low cuts: the same key, the
        // same features in the cache.
        o.extractor = networkExtractor(ctx.net, layer);  // refuses a cut through an untrained top
        o.key = networkFeatureKey(BackboneSpec::parse(ctx.config.backbone), *ctx.net, layer);
        o.preprocessing = ctx.net->preprocessing();
        Network& net = *ctx.net;
        const torch::Device device = ctx.device;
        o.batchExtractor = [&capture, &net, device, base](const torch::Tensor& x,
                                                          const std::vector<std::string>& paths) {
            return capture.forward(net, x.to(device), base, paths);
        };
        sets = loadOrExtractFeatures(ctx.scan, splits, o);
    }
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
    // The low cuts only when the cache extracted every image of every split in this call (a
    // cold cache): a stage finding them trains without decoding, so they must be whole.
    for (std::size_t c = 0; c < low.size(); ++c) {
        std::vector<std::pair<torch::Tensor CutFeatures::*, torch::Tensor>> got;
        for (const Target& t : targets) {
            if (!t.set) continue;
            torch::Tensor rows = capture.rows(c, *t.images);
            if (!rows.defined() && !t.images->empty()) return;
            got.emplace_back(t.member, rows.defined() ? rows.to(ctx.device) : rows);
        }
        for (auto& [member, rows] : got) ctx.features[low[c]].*member = rows;
    }
}

}  // namespace featurelab::recipe
