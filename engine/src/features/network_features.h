// Joins models/ and the feature cache: a Network cut at a named layer as a FeatureExtractor,
// and the cache key that identifies it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "featurelab/backbone_spec.h"
#include "features/feature_cache.h"
#include "models/network.h"

namespace featurelab {

/// forwardSegments(x, 0, cutPoint(layer)) flattened to [B, D]; softmax over the output for
/// "probs". Runs the network in eval mode, imagesPerPass(network) images at a time. Throws
/// Error(InvalidArgument) for an unknown layer.
FeatureExtractor networkExtractor(std::shared_ptr<Network> network, const std::string& layer);

/// How many images one forward pass of a frozen network should take so that its largest
/// activation stays under 24 MiB: glibc serves blocks up to its 32 MiB mmap threshold from the
/// heap and reuses them, larger ones are mapped and page-faulted in again every pass. ResNet-18
/// at 224 px: 7 images (3.2 MB per image after conv1); batch 32 made 1.7 M minor faults for 320
/// photos and ran at 35 images/s, 8 at a time 0.16 M and 44 images/s. MobileNet 0.25 at 128:
/// 96. At least 1.
std::int64_t imagesPerPass(Network& network);

/// fn(x) on slices of at most n rows of x, concatenated along the first dimension.
std::vector<torch::Tensor> inSlices(
    const torch::Tensor& x, std::int64_t n,
    const std::function<std::vector<torch::Tensor>(const torch::Tensor&)>& fn);

/// What features at layer depend on besides the pixels: the architecture, the weights file's
/// identity (absolute path, size, mtime) and the layer. For a randomly initialised network
/// (no weights file) a hash of every parameter and buffer stands in for the file.
/// Only valid while the layers below the cut are as loaded (the recipe caches only there).
std::string networkFeatureKey(const BackboneSpec& spec, Network& network, const std::string& layer);

/// The recipe's entry point: features of network at layer for the named splits, through the
/// cache in options.cacheDir (options.key, preprocessing and extractor are filled in here from
/// spec/network/layer; the rest of options is used as given). featurelab-cli extract uses the
/// same key, so running it first makes this a cache hit.
std::vector<FeatureSet> networkFeatures(const std::shared_ptr<Network>& network,
                                        const BackboneSpec& spec, const std::string& layer,
                                        const DatasetScan& scan,
                                        const std::vector<std::string>& splits,
                                        FeatureCacheOptions options);

}  // namespace featurelab
