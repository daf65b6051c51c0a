// Which registry layers a stage trains, and where the network is cut below them.
#pragma once

#include <string>
#include <vector>

#include "featurelab/recipe.h"
#include "models/network.h"

namespace featurelab::recipe {

struct LayerChoice {
    std::vector<std::string> layers;  // registry layers that train
    std::size_t cut = 0;              // the segment index where training starts
    std::string note;                 // for StageResult::note
};

/// The layers stage trains: StageConfig::trainableLayers when given (unknown names throw
/// InvalidArgument), else last: from "penultimate"; dense: from "dense_input"; conv: from
/// fromLayer (default: the fourth-last conv layer), BatchNorm kept frozen.
LayerChoice chooseLayers(Network& net, const StageConfig& stage);

/// Freezes every registry layer, then unfreezes choice.layers.
void applyChoice(Network& net, const LayerChoice& choice);

}  // namespace featurelab::recipe
