// buildRecipeConfig: the stage registry's defaults plus the user's overrides, checked once here
// for both front ends.
#include "featurelab/recipe_config.h"

#include <sstream>

#include "featurelab/error.h"
#include "featurelab/stages.h"
#include "recipe/api_boundary.h"

namespace featurelab {

namespace {

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

[[noreturn]] void outOfRange(const std::string& stage, const std::string& what,
                             const std::string& value, const std::string& range) {
    throw Error(ErrorCode::InvalidArgument, "Stage '" + stage + "': " + what + " " + value +
                                                " is out of range (" + range + ").");
}

StageConfig applyOverrides(const StageOverrides& o) {
    const StageInfo& info = recipeStage(o.stage);
    StageConfig s = info.defaults;
    if (o.optimizer) {
        if (*o.optimizer != "sgd" && *o.optimizer != "rmsprop" && *o.optimizer != "adam")
            throw Error(ErrorCode::InvalidArgument, "Unknown optimizer '" + *o.optimizer +
                                                        "' for stage '" + o.stage +
                                                        "'; use sgd, rmsprop or adam.");
        s.optimizer = *o.optimizer;
    }
    if (o.lr) {
        if (!(*o.lr > 0 && *o.lr <= kMaxLr))
            outOfRange(o.stage, "learning rate", number(*o.lr), "above 0 to " + number(kMaxLr));
        s.lr = *o.lr;
        s.lrSteps.clear();  // the steps belong to the default LR's schedule
    }
    if (o.momentum) {
        if (!(*o.momentum >= 0 && *o.momentum <= 1))
            outOfRange(o.stage, "momentum", number(*o.momentum), "0 to 1");
        s.momentum = *o.momentum;
    }
    if (o.weightDecay) {
        if (!(*o.weightDecay >= 0 && *o.weightDecay <= 1))
            outOfRange(o.stage, "weight decay", number(*o.weightDecay), "0 to 1");
        s.weightDecay = *o.weightDecay;
    }
    if (o.epochs) {
        if (*o.epochs < 1 || *o.epochs > kMaxEpochs)
            outOfRange(o.stage, "epochs", std::to_string(*o.epochs),
                       "1 to " + std::to_string(kMaxEpochs));
        s.epochs = *o.epochs;
    }
    if (o.batchSize) {
        if (*o.batchSize < 1 || *o.batchSize > kMaxBatchSize)
            outOfRange(o.stage, "batch size", std::to_string(*o.batchSize),
                       "1 to " + std::to_string(kMaxBatchSize));
        s.batchSize = *o.batchSize;
    }
    if (o.augment) {
        if (*o.augment && !info.augmentable)
            throw Error(ErrorCode::InvalidArgument,
                        "Stage '" + o.stage +
                            "' trains on stored features, not on images: it "
                            "cannot augment them.");
        s.augment = *o.augment;
    }
    if (o.augmentCopies) {
        if (*o.augmentCopies < 0 || *o.augmentCopies > kMaxAugmentCopies)
            outOfRange(o.stage, "augmented copies", std::to_string(*o.augmentCopies),
                       "0 to " + std::to_string(kMaxAugmentCopies));
        if (*o.augmentCopies > 0 && !info.augmentable)
            throw Error(ErrorCode::InvalidArgument,
                        "Stage '" + o.stage +
                            "' trains on stored features, not on images: it "
                            "cannot augment them.");
        s.augmentCopies = *o.augmentCopies;
    }
    if (o.restoreBestEpoch) s.restoreBestEpoch = *o.restoreBestEpoch;
    if (o.patience) {
        if (*o.patience < 0)
            outOfRange(o.stage, "patience", std::to_string(*o.patience), "0 or more");
        s.patience = *o.patience;
    }
    if (o.fromLayer) s.fromLayer = *o.fromLayer;
    if (!o.trainableLayers.empty()) s.trainableLayers = o.trainableLayers;
    return s;
}

}  // namespace

RecipeConfig buildRecipeConfig(RecipeConfig run, const std::vector<StageOverrides>& stages) {
    return recipe::atApiBoundary([&] {
        if (stages.empty())
            throw Error(ErrorCode::InvalidArgument, "The recipe needs at least one stage.");
        run.stages.clear();
        for (const StageOverrides& o : stages) run.stages.push_back(applyOverrides(o));
        return run;
    });
}

}  // namespace featurelab
