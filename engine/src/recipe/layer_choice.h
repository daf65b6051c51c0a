// Which registry layers a stage trains, and where the network is cut below them.
#pragma once

#include <string>
#include <vector>

#include "featurelab/recipe.h"
#include "featurelab/stages.h"
#include "models/network.h"

namespace featurelab::recipe {

struct LayerChoice {
    std::vector<std::string> layers;  // registry layers that train
    std::size_t cut = 0;              // the segment index where training starts
    std::string note;                 // for StageResult::note
    bool batchNormFrozen = false;     // BatchNorm layers in the trained range stay frozen
};

/// The layers stage trains: linear: none (its dense layer on the probabilities is not part of
/// the network; InvalidArgument with hint StartAtStage when the weights file has no classifier
/// top); else StageConfig::trainableLayers when given (unknown names throw InvalidArgument),
/// else last: from "penultimate"; dense: from "dense_input"; conv: from fromLayer (default:
/// the architecture row's convFrom, else the fourth-last conv layer), BatchNorm kept frozen. The
/// one answer to "what does this stage train": runs and Backbone::stageLayers both ask here.
LayerChoice chooseLayers(Network& net, const StageConfig& stage);

/// chooseLayers as the public API reports it: only layers with parameters.
StageLayers stageLayersOf(Network& net, const StageConfig& stage);

/// Freezes every registry layer, then unfreezes choice.layers.
void applyChoice(Network& net, const LayerChoice& choice);

}  // namespace featurelab::recipe
