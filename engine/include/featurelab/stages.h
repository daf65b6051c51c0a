// The recipe's stages as one registry: names, one-line descriptions and default settings in
// ladder order, and what a stage trains on a given backbone. Front ends list, show and parse
// stages from here and keep no copy of their own.
#pragma once

#include <string>
#include <vector>

#include "featurelab/recipe.h"

namespace featurelab {

class Backbone;

struct StageInfo {
    std::string name;         // "linear", "last", "dense", "conv"
    std::string description;  // one line, e.g. "fine-tune every dense layer at a lower LR"
    StageConfig defaults;     // the settings a stage runs with unless the user overrides them
    /// False for a stage that trains on stored features only and never sees an image
    /// ('linear'): StageConfig::augment means nothing to it.
    bool augmentable = true;
};

/// Every stage in ladder order (each starts from the previous one's weights).
const std::vector<StageInfo>& recipeStages();

/// The registry entry of one stage. Throws Error(InvalidArgument) for an unknown name; the
/// sentence lists the known ones.
const StageInfo& recipeStage(const std::string& name);

/// The stage names in ladder order.
std::vector<std::string> recipeStageNames();

/// What a stage trains on one backbone: the answer of the same code that picks the layers
/// during a run.
struct StageLayers {
    std::string stage;
    /// Registry layers (LayerInfo::name) whose parameters train, in forward order. Empty for
    /// 'linear', which trains a new dense layer on the backbone's ImageNet probabilities and
    /// leaves every backbone layer frozen. The last layer counts as trained when the stage
    /// replaces it by a new classifier for the data's classes.
    std::vector<std::string> layers;
    /// BatchNorm layers among the trained range keep their ImageNet statistics and weights.
    bool batchNormFrozen = false;
    std::string note;  // e.g. "from conv_dw_12 on, BatchNorm frozen"
};

/// backbone.stageLayers(stage) for every stage of the registry with its default settings,
/// in ladder order. A stage that cannot run on this backbone (e.g. 'conv' on a network
/// without conv layers) is left out and its reason is returned in skipped as (stage, sentence).
std::vector<StageLayers> defaultStageLayers(
    const Backbone& backbone, std::vector<std::pair<std::string, std::string>>* skipped = nullptr);

}  // namespace featurelab
