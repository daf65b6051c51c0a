// extractFeatures: scan, build the backbone, fill or read the feature cache, summarise.
#include <chrono>
#include <filesystem>

#include "featurelab/error.h"
#include "featurelab/features.h"
#include "features/cache_location.h"
#include "features/network_features.h"
#include "recipe/api_boundary.h"

namespace featurelab {

namespace {

ExtractSummary extract(const ExtractOptions& o, const JobControl& job) {
    const auto t0 = std::chrono::steady_clock::now();
    const BackboneSpec spec = BackboneSpec::parse(o.backbone);  // bad options fail first
    const DatasetScan scan = scanImageFolder(o.dataDir, {}, job);
    const std::shared_ptr<Network> net = createNetwork(spec);

    FeatureCacheOptions co;
    co.cacheDir = o.cacheDir.empty() ? defaultFeatureCacheDir(scan.root) : o.cacheDir;
    co.batchSize = o.batchSize;
    co.workers = o.workers;
    co.compress = o.compress;
    co.cancel = job.cancel;
    co.progress = [&job](const Progress& p) {
        job.progress(p);
        return true;  // cancelling goes through the token
    };
    co.onMessage = [&job](const std::string& line) { job.message(line); };
    const std::vector<FeatureSet> sets = networkFeatures(net, spec, o.layer, scan, o.splits, co);

    ExtractSummary s;
    s.backbone = o.backbone;
    s.layer = o.layer;
    s.cacheFile = sets.empty() ? std::string() : sets.front().cacheFile;
    s.classes = scan.classes;
    for (const FeatureSet& fs : sets) {
        SplitExtractSummary r;
        r.split = fs.split;
        r.images = fs.relativePaths.size();
        r.decoded = fs.decoded;
        r.reused = fs.reused;
        r.featureDim = fs.features.dim() == 2 ? fs.features.size(1) : 0;
        r.seconds = fs.seconds;
        r.imagesPerSecond = fs.decoded && fs.seconds > 0 ? fs.decoded / fs.seconds : 0.0;
        // The scan's skips under this split's folder, then the decode failures.
        const SplitInfo* info = scan.split(fs.split);
        const std::string prefix = (info ? info->folder : fs.split) + "/";
        for (const SkippedFile& k : scan.skipped)
            if (k.path.compare(0, prefix.size(), prefix) == 0) r.skipped.push_back(k);
        r.skipped.insert(r.skipped.end(), fs.skipped.begin(), fs.skipped.end());
        s.splits.push_back(std::move(r));
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

}  // namespace

ExtractSummary extractFeatures(const ExtractOptions& options, const JobControl& job) {
    return recipe::atApiBoundary([&] { return extract(options, job); });
}

}  // namespace featurelab
