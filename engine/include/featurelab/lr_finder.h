// The LR finder (fastai's lr_find): an exponential learning-rate sweep over one recipe stage's
// training batches, the loss at every step, and a suggested LR. The model is never changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/recipe.h"

namespace featurelab {

struct LrFindOptions {
    /// The run the stage belongs to, as buildRecipeConfig (featurelab/recipe_config.h) made it:
    /// data, backbone, cache folder, seed, workers, threads, valid fraction, class weights and
    /// the stages with their settings. outDir and resume are not used (nothing is written
    /// except the feature cache the recipe itself would write).
    RecipeConfig run;
    /// The stage to sweep: a name in run.stages. The sweep trains exactly what that stage
    /// trains (its layers, optimizer, momentum, weight decay, batch size, augmentation, class
    /// weights) on the inputs it would train on (cached features for stages that use them).
    /// Earlier stages of run are not trained first: the stage starts from the backbone's
    /// weights, with the new classifier it gets when it replaces the last layer.
    std::string stage;
    double startLr = 1e-7;
    double endLr = 10;
    /// Optimizer steps (batches); the training data is passed over again when it has fewer.
    int iterations = 100;
    /// The smoothed loss is the bias-corrected exponential moving average with this beta.
    double beta = 0.98;
    /// The sweep stops early once the smoothed loss exceeds this multiple of its best so far.
    double divergeFactor = 4;
};

struct LrFindResult {
    std::string stage;
    std::vector<double> lrs;             // the LR of each step, increasing
    std::vector<double> losses;          // the training batch's loss at that step
    std::vector<double> smoothedLosses;  // bias-corrected moving average of losses
    double suggestedLr = 0;
    /// How suggestedLr was chosen, one sentence, e.g. "steepest descent of the smoothed loss".
    std::string method;
    bool diverged = false;  // true when the sweep stopped early because the loss blew up
};

/// The suggestion for a finished sweep (lrs increasing, one smoothed loss per LR): the LR at
/// the steepest negative slope of the smoothed loss against log(lr), searched among the
/// points before the smoothed loss's minimum (the first 10% of the points are skipped, as
/// fastai skips its first batches, since there the average still holds few samples). When the
/// minimum comes too early for a slope (fewer than 3 points before it), the suggestion is the
/// LR at the minimum divided by 10 (fastai's older "min/10" rule), and method says so.
/// Throws Error(InvalidArgument) when lrs and smoothed differ in length or hold fewer than 2
/// points.
void suggestLearningRate(const std::vector<double>& lrs, const std::vector<double>& smoothed,
                         double& suggestedLr, std::string& method);

/// Runs the sweep for options.stage: step i trains one batch at
/// startLr * (endLr / startLr)^(i / (iterations - 1)), records the loss, and stops after
/// iterations steps, when the smoothed loss exceeds divergeFactor times its best, or when a
/// loss is not finite (that step is not recorded). The trainable weights and BatchNorm
/// statistics are restored after the sweep, also when it fails or is cancelled.
/// Reports progress (one unit per step, throttled) to the
/// observer. Throws Error: InvalidArgument for a stage not in options.run.stages, LRs not with
/// 0 < startLr < endLr <= 1000, iterations not in 2..10000, beta not in [0, 1),
/// divergeFactor <= 1, a validFraction outside (0, 1), or a stage that cannot run on the
/// backbone (e.g. linear on a notop file); NotFound/BadDataset for the data; BadWeights for
/// the backbone; Numerical when the loss is not finite within the first two steps; Cancelled
/// when the job's token is set (checked every batch); Io when the feature cache cannot be
/// written or read.
LrFindResult findLearningRate(const LrFindOptions& options, const JobControl& job = {});

}  // namespace featurelab
