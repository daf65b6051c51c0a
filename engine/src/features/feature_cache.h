// The HDF5 feature cache: features of every image at one cut point of one backbone, computed
// once and reused while the images are unchanged. Independent of models/: it takes the
// extractor as a function.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "featurelab/preprocessing.h"
#include "featurelab/progress.h"
#include "featurelab/scan.h"

namespace featurelab {

/// Image batch [B,3,H,W] (preprocessed) -> features [B, ...]; flattened to [B, D] by the cache.
/// Called under torch::NoGradGuard on the caller's thread.
using FeatureExtractor = std::function<torch::Tensor(const torch::Tensor& imageBatch)>;

struct FeatureCacheOptions {
    std::string cacheDir;
    /// What the features depend on besides the pixels: architecture, weights identity,
    /// cut point. The preprocessing text is appended to make the full key.
    std::string key;
    Preprocessing preprocessing;
    FeatureExtractor extractor;
    /// Optional: used instead of extractor on the batches being extracted, and told which
    /// images each holds (relative paths, in row order), so that a caller can keep more than
    /// the cached features on the way (the recipe keeps a lower cut's). Must give what
    /// extractor gives. On the CPU it runs on the decode workers, several batches at once: it
    /// must be thread-safe. extractor is still required (it probes the width).
    std::function<torch::Tensor(const torch::Tensor& imageBatch,
                                const std::vector<std::string>& relativePaths)>
        batchExtractor;
    std::size_t batchSize = 32;
    int workers = 2;
    bool compress = false;  // gzip the features dataset
    bool reducedDecode = true;
    /// The extractor's output width when the caller knows it; 0: found by running the
    /// extractor once on a black image when a cache is read. Cached rows of another width
    /// are recomputed.
    std::size_t expectedDim = 0;
    const CancelToken* cancel = nullptr;
    ProgressFn progress;  // phase "extract <split>", throttled
    /// Plain-text notes, e.g. "Feature cache ... is unusable (...); rebuilding it."
    std::function<void(const std::string&)> onMessage;
    /// Once per image that failed to decode in this run.
    std::function<void(const SkippedFile&)> onBadFile;
};

struct FeatureSet {
    std::string split;
    torch::Tensor features;                  // float32 [N, D], scan order minus bad files
    torch::Tensor labels;                    // int64 [N] (-1 for unlabelled)
    std::vector<std::string> relativePaths;  // N entries
    std::vector<std::string> classes;
    std::vector<SkippedFile> skipped;  // images that failed to decode (this run or remembered)
    std::size_t decoded = 0;           // images decoded in this run (0 on a full cache hit)
    std::size_t reused = 0;            // rows taken from the cache
    double seconds = 0.0;
    std::string cacheFile;
};

/// The full key: options.key + "|" + preprocessing text.
std::string featureCacheKey(const FeatureCacheOptions& options);
/// cacheDir/features-<16 hex digits of a hash of the full key>.h5
std::string featureCachePath(const FeatureCacheOptions& options);

/// Features for the named splits of scan (splits the scan lacks are left out of the result).
/// Unchanged images (same relative path, size and mtime) come from the cache; new or
/// changed ones are decoded and extracted; removed ones are dropped. The cache file is
/// rewritten (temp file + rename) only when something changed; splits not asked for keep
/// their cached rows. A cache that fails validation (unreadable, a checksum or width that
/// does not match, sizes beyond what the file stores) is reported through onMessage and
/// rebuilt, never used. Throws Error(Cancelled), Error(Io) when the cache cannot be written, and
/// whatever the extractor throws (wrapped into Error(Internal) if it is not an Error).
std::vector<FeatureSet> loadOrExtractFeatures(const DatasetScan& scan,
                                              const std::vector<std::string>& splits,
                                              const FeatureCacheOptions& options);

}  // namespace featurelab
