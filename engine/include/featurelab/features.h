// Extracting and caching backbone features for every image of an ImageFolder tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/scan.h"

namespace featurelab {

struct ExtractOptions {
    std::string dataDir;
    std::string backbone;               // "ARCH[:WEIGHTS_FILE]" (see BackboneSpec)
    std::string layer = "penultimate";  // a cut point: probs, logits, penultimate, pool,
                                        // dense_input, or a segment name
    std::string cacheDir;               // empty: defaultFeatureCacheDir(dataDir) (featurelab/cache.h)
    std::vector<std::string> splits{"train", "valid", "test"};  // those present are done
    int workers = 2;                                            // decode threads
    std::size_t batchSize = 32;
    bool compress = false;  // gzip the cached features
};

struct SplitExtractSummary {
    std::string split;
    std::size_t images = 0;            // rows with features
    std::size_t decoded = 0;           // images decoded in this run (0: all from the cache)
    std::size_t reused = 0;            // rows read from the cache
    std::vector<SkippedFile> skipped;  // found by the scan under this split, or failed to decode
    std::int64_t featureDim = 0;
    double seconds = 0.0;
    double imagesPerSecond = 0.0;  // decoded images per second (0 when nothing was decoded)
};

struct ExtractSummary {
    std::string backbone;  // the spec as given
    std::string layer;
    std::string cacheFile;
    std::vector<std::string> classes;
    std::vector<SplitExtractSummary> splits;
    double seconds = 0.0;  // everything, scan and model loading included
};

/// Scans dataDir, builds the backbone, and extracts (or reads from the cache) the features at
/// layer for every split. Throws Error(NotFound/BadDataset) for the data folder,
/// Error(InvalidArgument) for an unknown architecture or layer, Error(BadWeights),
/// Error(Io) when the cache cannot be written, and Error(Cancelled).
/// Progress (phases "scan", "extract <split>", throttled) and cache notes (e.g. "rebuilt") go
/// to the job's observer.
ExtractSummary extractFeatures(const ExtractOptions& options, const JobControl& job = {});

}  // namespace featurelab
