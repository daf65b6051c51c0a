// The data area's HDF5 feature cache as the recipe's source for features below any trained
// layer: a second run on the same images and weights decodes nothing.
#pragma once

#include <string>
#include <vector>

#include "recipe/run_context.h"

namespace featurelab::recipe {

/// Whether features at cut can come from the disk cache: the cut is the network's
/// "dense_input" (or above it), nothing below it has changed since the weights were loaded,
/// and the cache has not failed in this run.
bool diskCacheServes(const RunContext& ctx, std::size_t cut);

/// The layer name the disk cache stores features under for net: "penultimate" when it is
/// the "dense_input" cut (featurelab-cli extract's default, so running extract first makes
/// the recipe a cache hit), else "dense_input". Other users of the recipe's cache
/// (findLabelIssues) ask here.
std::string diskCacheLayer(Network& net);

/// Loads (or extracts and caches) the features at "dense_input" for every split, drops images
/// that failed to decode from the context's lists, and derives features for each of cuts
/// (all >= dense_input) by running the frozen segments in between. Fills ctx.features.
/// lowCuts (below dense_input) are kept on the way when this call extracts every image (a
/// cold cache): a later stage that trains from there then decodes nothing. From a warm
/// cache they are left out of ctx.features (the cache holds only dense_input).
void loadFromDiskCache(RunContext& ctx, const std::vector<std::size_t>& cuts,
                       const std::vector<std::size_t>& lowCuts = {});

}  // namespace featurelab::recipe
