// libFuzzer target: the HDF5 feature-cache reader (readFeatureCache) with its validation and
// per-split checksums. FEATURELAB_FUZZ_MAKE_SEEDS=DIR writes seed caches with the engine's own
// writer instead of fuzzing (the corpus in tests/fuzz/corpus/feature_cache came from it).
#include <cstdlib>
#include <filesystem>

#include "features/cache_store.h"
#include "fuzz_support.h"

namespace {

constexpr const char* kKey = "resnet18@32|penultimate|fuzz";

void makeSeeds(const std::string& dir) {
    using featurelab::CachedSplit;
    featurelab::CacheContents c;
    c.key = kKey;
    CachedSplit train;
    train.dim = 3;
    train.features = {0.5f, -1.f, 2.f, 3.f, 0.f, 1.f};
    train.paths = {"train/a/1.jpg", "train/b/2.jpg"};
    train.labels = {0, 1};
    train.sizes = {100, 200};
    train.mtimes = {1700000000, 1700000001};
    train.classNames = {"a", "b"};
    train.badPaths = {"train/a/bad.jpg"};
    train.badReasons = {"not an image"};
    train.badSizes = {5};
    train.badMtimes = {1700000002};
    c.splits["train"] = train;
    CachedSplit valid = train;
    valid.features = {1.f, 1.f, 1.f};
    valid.paths = {"valid/a/3.jpg"};
    valid.labels = {0};
    valid.sizes = {300};
    valid.mtimes = {1700000003};
    valid.badPaths.clear();
    valid.badReasons.clear();
    valid.badSizes.clear();
    valid.badMtimes.clear();
    c.splits["valid"] = valid;
    std::filesystem::create_directories(dir);
    featurelab::writeFeatureCache(dir + "/two-splits.h5", c, false);
    featurelab::writeFeatureCache(dir + "/two-splits-gzip.h5", c, true);
    c.splits.erase("valid");
    featurelab::writeFeatureCache(dir + "/one-split.h5", c, false);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("FEATURELAB_FUZZ_MAKE_SEEDS")) {
        makeSeeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.h5", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] { featurelab::readFeatureCache(path, kKey); });
    return 0;
}
