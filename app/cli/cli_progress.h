// Console reporting for long CLI jobs: messages and epochs on stderr, throttled progress.
#pragma once

#include <chrono>
#include <string>

#include "featurelab/recipe.h"

namespace featurelab::cli {

/// Prints engine reports to stderr: one line per message and epoch, and a self-overwriting
/// progress line (on a terminal) at most a few times a second.
class ConsoleObserver : public JobObserver {
public:
    explicit ConsoleObserver(bool quiet) : quiet_(quiet) {}
    void onMessage(const std::string& line) override;
    void onProgress(const Progress& p) override;
    void onEpoch(const EpochMetrics& m) override;
    void onBatch(const BatchMetrics& m) override;
    void onStageFinished(const StageResult& r) override;
    /// Ends a pending progress line.
    void finish();

private:
    bool quiet_;
    bool lineOpen_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace featurelab::cli
