// findLearningRate: the recipe's own data preparation, network and stage runner, with the
// stage's training replaced by the LR sweep (training/lr_sweep.h); suggestLearningRate.
#include "featurelab/lr_finder.h"

#include <algorithm>
#include <cmath>

#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "recipe/api_boundary.h"
#include "recipe/layer_choice.h"
#include "recipe/run_context.h"
#include "training/lr_sweep.h"

namespace featurelab {

namespace {

void check(const LrFindOptions& o) {
    auto bad = [](const std::string& why) { throw Error(ErrorCode::InvalidArgument, why); };
    if (!(o.startLr > 0 && o.startLr < o.endLr && o.endLr <= 1000))
        bad("The LR sweep needs 0 < start LR < end LR <= 1000.");
    if (o.iterations < 2 || o.iterations > 10000)
        bad("The LR sweep needs 2 to 10000 iterations, got " + std::to_string(o.iterations) + ".");
    if (!(o.beta >= 0 && o.beta < 1)) bad("The LR sweep's smoothing beta must lie in [0, 1).");
    if (!(o.divergeFactor > 1)) bad("The LR sweep's divergence factor must be above 1.");
}

}  // namespace

void suggestLearningRate(const std::vector<double>& lrs, const std::vector<double>& smoothed,
                         double& suggestedLr, std::string& method) {
    if (lrs.size() != smoothed.size() || lrs.size() < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "An LR suggestion needs at least two LRs, each with one smoothed loss.");
    const std::size_t n = lrs.size();
    const std::size_t minimum = static_cast<std::size_t>(
        std::min_element(smoothed.begin(), smoothed.end()) - smoothed.begin());
    // The first points average few batches: their slopes are noise, as fastai's skip_start.
    const std::size_t skip = n / 10;
    if (minimum < skip + 3) {
        suggestedLr = lrs[minimum] / 10;
        method =
            "the LR at the smoothed loss's minimum / 10 (the minimum came too early for "
            "a slope)";
        return;
    }
    // Slope d(loss)/d(log lr) by central differences (one-sided at the ends), like np.gradient.
    std::size_t steepest = skip;
    double best = 0;
    for (std::size_t i = skip; i < minimum; ++i) {
        const std::size_t a = i == 0 ? 0 : i - 1, b = std::min(i + 1, n - 1);
        const double slope = (smoothed[b] - smoothed[a]) / (std::log(lrs[b]) - std::log(lrs[a]));
        if (i == skip || slope < best) {
            best = slope;
            steepest = i;
        }
    }
    suggestedLr = lrs[steepest];
    method = "steepest descent of the smoothed loss before its minimum";
}

LrFindResult findLearningRate(const LrFindOptions& options, const JobControl& job) {
    return recipe::atApiBoundary([&] {
        check(options);
        const auto& stages = options.run.stages;
        const auto it = std::find_if(stages.begin(), stages.end(),
                                     [&](const StageConfig& s) { return s.name == options.stage; });
        if (it == stages.end())
            throw Error(ErrorCode::InvalidArgument,
                        "Stage '" + options.stage + "' is not one of the run's stages.");
        const std::size_t index = static_cast<std::size_t>(it - stages.begin());
        static JobObserver silent;
        JobObserver& observer = job.observer ? *job.observer : silent;
        recipe::RunContext ctx(options.run, observer, job.cancel);
        recipe::startRun(ctx);                // as runRecipe: runtime, data, network
        recipe::chooseLayers(*ctx.net, *it);  // fails here for a stage this backbone lacks
        ctx.net->module().to(ctx.device);

        training::SweepSettings sweep;
        sweep.startLr = options.startLr;
        sweep.endLr = options.endLr;
        sweep.iterations = options.iterations;
        sweep.beta = options.beta;
        sweep.divergeFactor = options.divergeFactor;
        training::SweepCurve curve;
        ctx.trainHook = [&](training::TrainableModel& m, training::BatchSource& train,
                            const training::TrainSettings& s) {
            observer.onMessage("Finding the LR of stage " + s.stage + ": " +
                               std::to_string(sweep.iterations) + " batches of " +
                               std::to_string(s.batchSize) + ", " + s.optimizer + ".");
            curve = training::lrSweep(m, train, s, sweep, &observer, job.cancel);
        };
        recipe::runStage(ctx, *it, index);

        LrFindResult r;
        r.stage = options.stage;
        r.lrs = curve.lrs;
        r.losses = curve.losses;
        r.smoothedLosses = curve.smoothed;
        r.diverged = curve.diverged;
        if (r.lrs.size() < 2)
            throw Error(ErrorCode::Numerical, "The loss of stage " + options.stage +
                                                  " blew up within the first " +
                                                  "two steps of the sweep; lower the start LR.");
        suggestLearningRate(r.lrs, r.smoothedLosses, r.suggestedLr, r.method);
        return r;
    });
}

}  // namespace featurelab
