// The one convention every long engine call follows: a JobControl carries the caller's cancel
// token and observer (progress, messages, training metrics). Both are optional.
#pragma once

#include <cstddef>
#include <string>

#include "featurelab/progress.h"

namespace featurelab {

struct StageResult;  // featurelab/recipe.h

/// One finished epoch of a training stage.
struct EpochMetrics {
    std::string stage;
    int epoch = 0;   // 1-based
    int epochs = 0;  // planned epochs in this stage
    double trainLoss = 0, trainAcc = 0, validLoss = 0, validAcc = 0;
    double seconds = 0;  // wall time of this epoch
};

/// Throttled (a few per second at most): the running mean loss of the epoch so far.
struct BatchMetrics {
    std::string stage;
    int epoch = 0;
    std::size_t batch = 0, batches = 0;
    double runningLoss = 0;
};

/// Receives a job's reports on the job's own thread. Implementations must be quick; jobs
/// throttle progress and batch reports (a few per second, never one per sample).
class JobObserver {
public:
    virtual ~JobObserver() = default;
    virtual void onMessage(const std::string& /*line*/) {}
    virtual void onProgress(const Progress& /*p*/) {}
    virtual void onEpoch(const EpochMetrics& /*m*/) {}
    virtual void onBatch(const BatchMetrics& /*m*/) {}
    virtual void onStageFinished(const StageResult& /*r*/) {}
};

/// Passed by const reference to every long call: scanImageFolder, extractFeatures, runRecipe,
/// openRun, exportModel, Backbone::open/classify, TrainedModel::open/predict. A job polls the
/// token at least once per batch and then throws Error(Cancelled).
struct JobControl {
    const CancelToken* cancel = nullptr;
    JobObserver* observer = nullptr;

    bool cancelled() const { return cancel && cancel->cancelled(); }
    /// Throws Error(Cancelled) when the token is set.
    void throwIfCancelled() const { featurelab::throwIfCancelled(cancel); }
    void message(const std::string& line) const {
        if (observer) observer->onMessage(line);
    }
    void progress(const Progress& p) const {
        if (observer) observer->onProgress(p);
    }
};

}  // namespace featurelab
