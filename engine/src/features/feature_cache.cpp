// loadOrExtractFeatures: decide per image whether the cache can answer, extract the rest
// through the prefetch loader, and rewrite the cache file when anything changed.
#include "features/feature_cache.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "data/loader.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "features/cache_store.h"
#include "util/atomic_file.h"
#include "util/fnv1a.h"

namespace featurelab {
namespace {

void note(const FeatureCacheOptions& o, const std::string& text) {
    if (o.onMessage) o.onMessage(text);
}

/// Runs the extractor over entries; returns float [entries.size(), D] (rows of bad files
/// stay uninitialised and are listed in ok=false) and fills bad.
torch::Tensor extractRows(const std::vector<ImageEntry>& entries, const std::string& split,
                          const FeatureCacheOptions& o, std::vector<bool>& ok,
                          std::vector<SkippedFile>& bad, std::size_t& decoded) {
    ok.assign(entries.size(), false);
    if (entries.empty()) return {};
    LoaderOptions lo;
    lo.batchSize = o.batchSize;
    lo.workers = o.workers;
    lo.reducedDecode = o.reducedDecode;
    lo.cancel = o.cancel;
    lo.progress = o.progress;
    lo.phase = "extract " + split;
    lo.onBadFile = [&](const SkippedFile& f) {
        bad.push_back(f);
        if (o.onBadFile) o.onBadFile(f);
    };
    auto extract = [&o, &entries](const torch::Tensor& images,
                                  const std::vector<std::size_t>& indices) {
        try {
            torch::NoGradGuard noGrad;
            torch::Tensor f;
            if (o.batchExtractor) {
                std::vector<std::string> paths;
                for (std::size_t i : indices) paths.push_back(entries[i].relativePath);
                f = o.batchExtractor(images, paths);
            } else {
                f = o.extractor(images);
            }
            return f.reshape({f.size(0), -1}).to(torch::kCPU, torch::kFloat32).contiguous();
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            throw Error(ErrorCode::Internal,
                        "Feature extraction failed: " + std::string(e.what()).substr(0, 400));
        }
    };
    // On the CPU each decode worker also runs the network on the batch it decoded, with its
    // share of LibTorch's threads (ComputeThreadsGuard): no hand-off, no parallel region waiting
    // for a core a decode thread holds. 2,000 photos, 2 cores: MobileNet 0.25 1.7x, ResNet-18
    // 1.4x faster than 2 decode threads feeding 2 LibTorch threads (docs/performance.md).
    std::unique_ptr<ComputeThreadsGuard> perWorker;
    if (currentRuntime().device == "cpu") {
        perWorker = std::make_unique<ComputeThreadsGuard>(
            std::max(1, at::get_num_threads() / std::max(1, lo.workers)));
        lo.process = [&extract](Batch& b) {
            b.outputs = {extract(b.images, b.indices)};
            b.images = torch::Tensor();  // only the features travel on
        };
    }
    BatchLoader loader(entries, o.preprocessing, lo);
    torch::Tensor out;
    Batch batch;
    while (loader.next(batch)) {
        const torch::Tensor f =
            batch.outputs.empty() ? extract(batch.images, batch.indices) : batch.outputs[0];
        if (f.size(0) != std::int64_t(batch.indices.size()))
            throw Error(ErrorCode::Internal,
                        "The feature extractor returned the wrong number of rows.");
        if (!out.defined())
            out = torch::empty({std::int64_t(entries.size()), f.size(1)}, torch::kFloat32);
        if (f.size(1) != out.size(1))
            throw Error(ErrorCode::Internal, "The feature extractor changed its output width.");
        std::vector<std::int64_t> idx(batch.indices.begin(), batch.indices.end());
        out.index_copy_(0, torch::tensor(idx, torch::kInt64), f);
        for (std::size_t i : batch.indices) ok[i] = true;
    }
    decoded = loader.decodedCount();
    return out;
}

/// One split: reuse what is unchanged, extract the rest. Returns true when the stored split
/// differs from prev.
bool updateSplit(const DatasetScan& scan, const SplitInfo& split, const CachedSplit* prev,
                 const FeatureCacheOptions& o, CachedSplit& next, FeatureSet& fs) {
    std::unordered_map<std::string, std::size_t> prevRow, prevBad;
    if (prev) {
        for (std::size_t i = 0; i < prev->rows(); ++i) prevRow[prev->paths[i]] = i;
        for (std::size_t i = 0; i < prev->badPaths.size(); ++i) prevBad[prev->badPaths[i]] = i;
    }
    const auto& images = split.images;
    std::vector<std::int64_t> source(images.size(), -1);  // >=0 cached row, -1 extract, -2 bad
    std::vector<ImageEntry> todo;
    std::vector<std::size_t> todoIndex;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const ImageEntry& e = images[i];
        const auto r = prevRow.find(e.relativePath);
        const auto b = prevBad.find(e.relativePath);
        if (r != prevRow.end() && prev->sizes[r->second] == std::int64_t(e.sizeBytes) &&
            prev->mtimes[r->second] == e.mtimeNs) {
            source[i] = std::int64_t(r->second);
        } else if (b != prevBad.end() && prev->badSizes[b->second] == std::int64_t(e.sizeBytes) &&
                   prev->badMtimes[b->second] == e.mtimeNs) {
            source[i] = -2;
            fs.skipped.push_back({e.relativePath, prev->badReasons[b->second]});
        } else {
            todo.push_back(e);
            todoIndex.push_back(i);
        }
    }
    std::vector<bool> ok;
    std::vector<SkippedFile> bad;
    const torch::Tensor fresh = extractRows(todo, split.name, o, ok, bad, fs.decoded);
    std::size_t dim = fresh.defined() ? std::size_t(fresh.size(1)) : (prev ? prev->dim : 0);
    if (prev && prev->rows() > 0 && fresh.defined() && prev->dim != dim)
        throw Error(ErrorCode::BadCache, "cached features are " + std::to_string(prev->dim) +
                                             " wide, the extractor gives " + std::to_string(dim));

    std::unordered_map<std::size_t, std::size_t> freshRow;  // image index -> row in fresh
    for (std::size_t k = 0; k < todoIndex.size(); ++k)
        if (ok[k]) freshRow[todoIndex[k]] = k;
    const float* freshData = fresh.defined() ? fresh.data_ptr<float>() : nullptr;
    next = CachedSplit{};
    next.dim = dim;
    next.classNames = scan.classes;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const ImageEntry& e = images[i];
        const float* row = nullptr;
        if (source[i] >= 0) {
            row = prev->features.data() + std::size_t(source[i]) * dim;
            ++fs.reused;
        } else if (source[i] == -2) {
            const auto b = prevBad.at(e.relativePath);
            next.badPaths.push_back(e.relativePath);
            next.badReasons.push_back(prev->badReasons[b]);
            next.badSizes.push_back(std::int64_t(e.sizeBytes));
            next.badMtimes.push_back(e.mtimeNs);
            continue;
        } else if (freshRow.count(i)) {
            row = freshData + freshRow[i] * dim;
        } else {
            continue;  // failed to decode in this run: recorded below from `bad`
        }
        next.features.insert(next.features.end(), row, row + dim);
        next.paths.push_back(e.relativePath);
        next.labels.push_back(e.label);
        next.sizes.push_back(std::int64_t(e.sizeBytes));
        next.mtimes.push_back(e.mtimeNs);
    }
    std::unordered_map<std::string, const ImageEntry*> byPath;
    for (const auto& e : todo) byPath[e.relativePath] = &e;
    for (const auto& b : bad) {
        const auto it = byPath.find(b.path);
        if (it == byPath.end()) continue;
        next.badPaths.push_back(b.path);
        next.badReasons.push_back(b.reason);
        next.badSizes.push_back(std::int64_t(it->second->sizeBytes));
        next.badMtimes.push_back(it->second->mtimeNs);
        fs.skipped.push_back(b);
    }
    const std::size_t n = next.rows();
    fs.features = n ? torch::from_blob(next.features.data(), {std::int64_t(n), std::int64_t(dim)},
                                       torch::kFloat32)
                          .clone()
                    : torch::empty({0, std::int64_t(dim)}, torch::kFloat32);
    fs.labels = torch::tensor(next.labels.empty() ? std::vector<std::int64_t>{} : next.labels,
                              torch::kInt64);
    fs.relativePaths = next.paths;
    return !prev || !todo.empty() || prev->rows() != fs.reused || prev->labels != next.labels ||
           prev->badPaths != next.badPaths || prev->classNames != next.classNames;
}

/// The extractor's output width, from one black image: a cache of another width (damaged, or
/// written by another build) must never be trained on. 0 when the extractor fails on it.
std::size_t extractorWidth(const FeatureCacheOptions& o) {
    if (o.expectedDim > 0) return o.expectedDim;
    try {
        torch::NoGradGuard noGrad;
        const torch::Tensor f = o.extractor(
            torch::zeros({1, 3, o.preprocessing.height, o.preprocessing.width}, torch::kFloat32));
        return f.dim() >= 1 && f.size(0) == 1 ? std::size_t(f.numel()) : 0;
    } catch (const std::exception&) {
        return 0;  // extraction proper reports the problem
    }
}

/// Drops cached splits whose width is not the extractor's.
void dropWrongWidth(CacheContents& contents, const FeatureCacheOptions& o,
                    const std::string& path) {
    bool anyRows = false;
    for (const auto& [name, split] : contents.splits) anyRows = anyRows || split.rows() > 0;
    if (!anyRows) return;
    const std::size_t width = extractorWidth(o);
    if (width == 0) return;
    for (auto it = contents.splits.begin(); it != contents.splits.end();) {
        if (it->second.rows() > 0 && it->second.dim != width) {
            note(o, "Feature cache " + path + " holds " + std::to_string(it->second.dim) +
                        "-wide features for " + it->first + ", the network gives " +
                        std::to_string(width) + "; recomputing that split.");
            it = contents.splits.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace

std::string featureCacheKey(const FeatureCacheOptions& o) {
    return o.key + "|" + o.preprocessing.toString();
}

std::string featureCachePath(const FeatureCacheOptions& o) {
    char name[40];
    std::snprintf(name, sizeof name, "features-%016llx.h5",
                  static_cast<unsigned long long>(util::fnv1a(featureCacheKey(o))));
    return (std::filesystem::u8path(o.cacheDir) / name).string();
}

std::vector<FeatureSet> loadOrExtractFeatures(const DatasetScan& scan,
                                              const std::vector<std::string>& splits,
                                              const FeatureCacheOptions& o) {
    if (!o.extractor) throw Error(ErrorCode::InvalidArgument, "No feature extractor given.");
    if (o.cacheDir.empty()) throw Error(ErrorCode::InvalidArgument, "No cache folder given.");
    const std::string key = featureCacheKey(o);
    const std::string path = featureCachePath(o);
    if (const std::size_t stale = util::removeStaleTemporaries(path))
        note(o, "Removed " + std::to_string(stale) + " unfinished temporary cache file(s) of " +
                    path + " left by an interrupted run.");
    CacheContents contents;
    bool changed = true;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::u8path(path), ec)) {
        try {
            contents = readFeatureCache(path, key);
            changed = false;
            dropWrongWidth(contents, o, path);
        } catch (const Error& e) {
            note(o, std::string("Feature cache is unusable (") + e.what() + "); rebuilding it.");
        }
    }
    contents.key = key;
    std::vector<FeatureSet> out;
    for (const std::string& name : splits) {
        const SplitInfo* split = scan.split(name);
        if (!split) continue;
        const auto t0 = std::chrono::steady_clock::now();
        FeatureSet fs;
        fs.split = name;
        fs.classes = scan.classes;
        fs.cacheFile = path;
        const auto it = contents.splits.find(name);
        CachedSplit next;
        try {
            if (updateSplit(scan, *split, it == contents.splits.end() ? nullptr : &it->second, o,
                            next, fs))
                changed = true;
        } catch (const Error& e) {
            if (e.code() != ErrorCode::BadCache) throw;
            note(o, "Feature cache " + path + " is unusable for " + name + " (" + e.what() +
                        "); recomputing that split.");
            fs = FeatureSet{};
            fs.split = name;
            fs.classes = scan.classes;
            fs.cacheFile = path;
            updateSplit(scan, *split, nullptr, o, next, fs);
            changed = true;
        }
        contents.splits[name] = std::move(next);
        fs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o.progress && fs.decoded == 0) {  // nothing was extracted: say so once
            Progress p;
            p.phase = "extract " + name;
            p.done = p.total = fs.relativePaths.size();
            if (!o.progress(p)) throw Error(ErrorCode::Cancelled, "Cancelled by the user.");
        }
        out.push_back(std::move(fs));
    }
    if (changed) writeFeatureCache(path, contents, o.compress);
    return out;
}

}  // namespace featurelab
