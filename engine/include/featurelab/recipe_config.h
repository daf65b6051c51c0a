// One way to build a run's configuration: the stage registry's defaults plus what the user
// changed. Both front ends call buildRecipeConfig, so a GUI run and a CLI run with the same
// choices are the same run; recipeConfigJson shows what was built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "featurelab/recipe.h"

namespace featurelab {

/// The largest values a stage accepts (front ends check their input against the same).
constexpr double kMaxLr = 10;
constexpr int kMaxEpochs = 1000;
constexpr int kMaxBatchSize = 4096;
constexpr int kMaxAugmentCopies = 16;

/// What the user changed for one stage; every unset field keeps the registry's default.
struct StageOverrides {
    std::string stage;                     // a registry name (recipeStageNames())
    std::optional<std::string> optimizer;  // "sgd", "rmsprop" or "adam"
    /// An explicit LR is the LR: it also drops the default's LR steps within the stage.
    std::optional<double> lr;
    std::optional<double> momentum;
    std::optional<double> weightDecay;
    std::optional<int> epochs;
    std::optional<int> batchSize;
    std::optional<bool> augment;
    std::optional<int> augmentCopies;  // StageConfig::augmentCopies, 0..kMaxAugmentCopies
    std::optional<bool> restoreBestEpoch;
    std::optional<int> patience;
    std::optional<std::string> fromLayer;
    /// Non-empty: exactly these registry layers train (StageConfig::trainableLayers).
    std::vector<std::string> trainableLayers;
};

/// The run's configuration: run's own fields (data, backbone, output and cache folders, seed,
/// workers, ...) as given, and one StageConfig per entry of stages, in that order: the
/// registry's defaults for that stage with the overrides applied. run.stages is replaced.
/// Throws Error(InvalidArgument) for no stage, an unknown stage name, augment on a stage that
/// is not StageInfo::augmentable, or an override out of
/// range (optimizer not sgd/rmsprop/adam, LR not in (0, kMaxLr], epochs not in
/// 1..kMaxEpochs, batch size not in 1..kMaxBatchSize, momentum or weight decay not in [0, 1],
/// augment copies not in 0..kMaxAugmentCopies, patience < 0).
RecipeConfig buildRecipeConfig(RecipeConfig run, const std::vector<StageOverrides>& stages);

/// The configuration as pretty-printed JSON (every field of RecipeConfig and of each
/// StageConfig, keys as in metrics.json's stage settings). Two configurations print the same
/// text exactly when they describe the same run.
std::string recipeConfigJson(const RecipeConfig& config);

}  // namespace featurelab
