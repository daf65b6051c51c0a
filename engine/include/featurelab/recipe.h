// The lesson's transfer-learning recipe as one engine job: stages linear -> last -> dense ->
// conv, each seeded from the previous one's weights, then evaluation and inspection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/inspection.h"
#include "featurelab/job.h"
#include "featurelab/progress.h"
#include "featurelab/scan.h"

namespace featurelab {

struct StageConfig {
    std::string name;                // "linear", "last", "dense" or "conv"
    std::string optimizer = "adam";  // "sgd" (with momentum), "rmsprop" or "adam"
    double lr = 1e-3;
    double momentum = 0.9;
    double weightDecay = 0;
    int epochs = 3;
    int batchSize = 64;
    /// Multiply the LR by factor at the start of each listed epoch (1-based): the lesson's
    /// K.set_value(opt.lr, ...) within a stage.
    std::vector<std::pair<int, double>> lrSteps;
    std::string fromLayer;  // conv: train this layer and everything after it
    bool augment = false;   // conv: random resized crop + horizontal flip
    /// With augment: 0 streams freshly augmented images (every epoch decodes every training
    /// image again); K > 0 decodes K augmented copies of each training image once, keeps their
    /// features below the first trained layer, and trains epoch e on copy (e - 1) mod K.
    int augmentCopies = 0;
    /// At the end of the stage, restore the weights of its best validation epoch (Keras's
    /// restore_best_weights); the next stage starts from them.
    bool restoreBestEpoch = true;
    int patience = 0;  // stop after this many epochs without a better one (0: never)
    /// When non-empty, exactly these registry layers train (the GUI's checkboxes); the stage's
    /// default choice of layers is ignored.
    std::vector<std::string> trainableLayers;
};

struct RecipeConfig {
    std::string dataDir;
    std::string backbone;  // BackboneSpec text, "ARCH[:WEIGHTS_FILE]"
    std::vector<StageConfig> stages;
    std::string outDir;    // RUN_DIR; created when missing
    std::string cacheDir;  // feature cache; empty: defaultFeatureCacheDir(dataDir), per user
    std::uint64_t seed = 42;
    int workers = 2;                  // decode workers
    int threads = 0;                  // LibTorch threads, 0 = one per core
    bool resume = false;              // continue after the last completed stage in outDir
    std::vector<float> classWeights;  // optional, one per class
    double submissionClip = 0;        // clip submission probabilities to [c, 1-c] when > 0
    std::size_t viewSize = 8;         // k for the inspection views
    /// For a data folder without valid/: the share of each class of train/ held out for
    /// validation (holdOutValidation in featurelab/scan.h, seeded by seed), in (0, 1). The run
    /// records the split (RUN_DIR/valid_split.txt) and a resumed run keeps the recorded one.
    /// Unused when valid/ exists.
    double validFraction = 0.2;

    /// The lesson's defaults for a stage name (optimizer, LR, epochs); throws
    /// Error(InvalidArgument) for an unknown stage name.
    static StageConfig defaultStage(const std::string& name);
};

struct StageResult {
    std::string stage;
    double seconds = 0;
    std::int64_t trainableParams = 0;
    int epochs = 0;     // epochs that ran (fewer than planned after early stopping)
    int bestEpoch = 0;  // 1-based: the epoch whose weights the stage kept
    double trainAcc = 0, validAcc = 0, validLoss = 0;  // of the kept weights
    std::vector<EpochMetrics> curve;                   // every epoch
    std::string checkpoint;  // file holding this stage's weights (absolute)
    std::string note;        // e.g. "no dense layers: trained the classifier block"
    StageConfig settings;    // what the stage ran with (optimizer, LR, epochs, batch size, ...)
    std::vector<std::string> layersTrained;  // registry layers that received gradients
};

/// Where a run's validation images came from.
struct ValidSplit {
    bool heldOut = false;    // true: held out of train/ (the data folder had no valid/)
    double fraction = 0;     // the share of each class held out (heldOut only)
    std::uint64_t seed = 0;  // the seed that chose them (heldOut only)
    std::size_t images = 0;  // validation images
    /// The file listing the held-out images, one relative path a line (absolute; "" unless
    /// heldOut).
    std::string file;
};

struct RecipeResult {
    std::string dataDir;  // the data folder, absolute ("" in runs opened from before it was kept)
    std::string backbone;
    std::vector<std::string> classes;
    ValidSplit validSplit;
    std::vector<StageResult> stages;
    int bestStage = -1;                // index into stages, by valid accuracy
    std::vector<PredictionRow> valid;  // the best stage's validation predictions
    ConfusionMatrix confusion;
    std::vector<ClassReport> reports;
    InspectionViews views;
    std::vector<PredictionRow> test;  // unlabelled test/ predictions, when test/ exists
    std::string runtime;              // e.g. "CPU, 2 threads"
    /// The stage the run was stopped in ("" for a run that finished every stage it planned).
    /// A stopped run keeps its finished stages and can be resumed.
    std::string stoppedDuring;
    std::vector<std::string> plannedStages;  // every stage the run was asked for, in order
    std::uint64_t seed = 0;
    std::string weightsSha256;  // of the backbone's weights file ("" for random initialisation)
    std::string appVersion;     // the Featurelab version that wrote the run
    std::int64_t started = 0;   // when the run began, seconds since 1970 UTC (0: not recorded)
    double wallSeconds = 0;     // wall-clock seconds of all its sessions (0: not recorded)
    int formatVersion = 0;      // metrics.json's format_version (0: written before versions)
};

/// Runs the recipe and writes RUN_DIR (metrics.json, confusion.csv, valid_predictions.csv,
/// views.json, model.safetensors, per-stage checkpoints, submission.csv when test/ exists,
/// valid_split.txt when the validation images were held out of train/). A data folder without
/// valid/ gets config.validFraction of train/ held out (see ValidSplit).
/// Throws Error: NotFound/BadDataset for the data, InvalidArgument for a validFraction outside
/// (0, 1), BadWeights for the backbone, Numerical when
/// a loss becomes NaN/Inf (the last good weights are kept), Io when RUN_DIR cannot be written,
/// InvalidArgument (hint ChooseOutputFolder) when resuming a folder whose run does not fit
/// (also when its validation images were held out of a train/ that has changed since),
/// Cancelled when the job's token is set (checked every batch). A run cancelled after at least
/// one finished stage is still a valid RUN_DIR: its finished stages, their best model and
/// predictions are written, metrics.json names the stage it stopped in, and the Cancelled
/// error carries the hint ResumeRun.
RecipeResult runRecipe(const RecipeConfig& config, const JobControl& job = {});

}  // namespace featurelab
