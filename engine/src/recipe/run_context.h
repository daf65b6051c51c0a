// The state one recipe run carries from stage to stage: data, network, cached features.
#pragma once

#include <limits>
#include <map>
#include <memory>

#include "featurelab/recipe.h"
#include "featurelab/scan.h"
#include "models/network.h"
#include "training/trainer.h"

namespace featurelab::recipe {

/// Features of every split at one cut point (CPU tensors, rows in scan order).
struct CutFeatures {
    torch::Tensor train, valid, test;
};

struct RunContext {
    const RecipeConfig& config;
    JobObserver& observer;
    const CancelToken* cancel = nullptr;
    DatasetScan scan;
    std::vector<ImageEntry> train, valid, test;
    torch::Tensor trainLabels, validLabels;  // int64, CPU
    /// Where valid came from; when held out of train/, valid's images are train/ images and
    /// trainFingerprint is listingFingerprint of the whole train/ listing they were drawn from.
    ValidSplit validSplit;
    std::string trainFingerprint;
    std::shared_ptr<Network> net;
    torch::Device device = torch::kCPU;
    /// The linear stage's head on the backbone's probabilities; null once a later stage has
    /// replaced the network's own head.
    std::shared_ptr<torch::nn::LinearImpl> probsHead;
    /// The first segment whose weights differ from the loaded backbone: features cut at or
    /// before it are still valid; cuts after it must be recomputed.
    std::size_t modifiedFrom = std::numeric_limits<std::size_t>::max();
    std::map<std::size_t, CutFeatures> features;
    /// Set by the LR finder: a stage hands its model, training batches and settings to this
    /// instead of training, and ends without evaluating (its StageOutput is empty).
    std::function<void(training::TrainableModel&, training::BatchSource&,
                       const training::TrainSettings&)>
        trainHook;
    /// False once the HDF5 cache failed (e.g. unwritable): features are then kept in memory.
    bool diskCache = true;

    RunContext(const RecipeConfig& c, JobObserver& o, const CancelToken* k)
        : config(c), observer(o), cancel(k) {}
    std::size_t numClasses() const { return scan.classes.size(); }
};

/// Scans config.dataDir and fills train/valid/test and their labels (valid held out of train/
/// when the folder has no valid/). Throws NotFound/BadDataset/InvalidArgument, Cancelled.
void prepareData(RunContext& ctx);

/// The start runRecipe and the LR finder share: checks the validation fraction, sets up the
/// runtime (ctx.device, announced to the observer), prepareData, and builds ctx.net from the
/// backbone after seeding torch with config.seed (a backbone without a weights file is
/// initialised randomly). Returns the runtime's description. Throws as prepareData, plus
/// InvalidArgument for the fraction or the spec, NotFound/BadWeights for the weights.
std::string startRun(RunContext& ctx);

/// Features of every split at cut (train only when withTrain), from the in-memory store or by
/// one streaming pass (which also fills any other requested cuts). Throws Cancelled.
const CutFeatures& featuresAt(RunContext& ctx, std::size_t cut,
                              const std::vector<std::size_t>& alsoCuts = {}, bool withTrain = true);

/// What one stage produced besides its StageResult: the probabilities of its final model.
struct StageOutput {
    StageResult result;
    torch::Tensor validProbs, testProbs;  // CPU [N, C]
};

/// Trains one stage from the context's current weights and evaluates it.
StageOutput runStage(RunContext& ctx, const StageConfig& stage, std::size_t stageIndex);

}  // namespace featurelab::recipe
