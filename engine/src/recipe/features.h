// Backbone features for a split at one or more cut points, computed in one streaming pass.
#pragma once

#include <functional>
#include <vector>

#include "featurelab/recipe.h"
#include "featurelab/scan.h"
#include "models/network.h"

namespace featurelab::recipe {

/// Runs images through net (eval mode, no gradients) and returns, for each cut point in cuts
/// (ascending segment indices), the CPU float features [N, ...] of every image, in order.
/// With augment, each image gets the loader's random crop and flip drawn from (seed, index).
/// Features are kept as storeAs (float16 halves the memory of features only trained on).
/// Reports throttled Progress under phase; throws Error(Cancelled) within one batch.
std::vector<torch::Tensor> featuresAtCuts(Network& net, const std::vector<ImageEntry>& images,
                                          const std::vector<std::size_t>& cuts, int workers,
                                          const torch::Device& device, const std::string& phase,
                                          JobObserver& observer, const CancelToken* cancel,
                                          bool augment = false, std::uint64_t seed = 0,
                                          torch::ScalarType storeAs = torch::kFloat32);

/// How many feature values one image has at cut (a forward pass of one blank image through the
/// segments below it, in eval mode): what sizes a cache of the features at that cut.
std::int64_t valuesPerImageAt(Network& net, std::size_t cut);

}  // namespace featurelab::recipe
