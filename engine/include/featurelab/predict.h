// A saved model applied to a folder of images (TrainedModel does it for single images).
#pragma once

#include <string>
#include <vector>

#include "featurelab/inspection.h"
#include "featurelab/job.h"
#include "featurelab/scan.h"

namespace featurelab {

/// Applying a saved model (RUN_DIR/model.safetensors or a stage checkpoint) to images.
struct PredictConfig {
    std::string modelFile;  // a model file (.safetensors, or an exported .h5) or a run folder
    std::string input;      // an image, or a folder read recursively (an ImageFolder root works)
    int workers = 2;
    int threads = 0;  // LibTorch threads, 0 = one per core
    int batchSize = 64;
};

struct PredictResult {
    std::vector<std::string> classes;  // from the model's metadata
    std::string architecture, stage;   // ditto
    std::vector<PredictionRow> rows;   // path relative to input (trueLabel -1), sorted by path
    std::vector<SkippedFile> skipped;  // files that are not images or failed to decode
    std::string runtime;
};

/// Reads architecture, classes and preprocessing from the model file and needs no other
/// weights. Throws Error: NotFound for a missing model or input, BadWeights for a file that
/// is not a Featurelab model, Cancelled (the job's token, polled per batch).
PredictResult predictImages(const PredictConfig& config, const JobControl& job = {});

}  // namespace featurelab
