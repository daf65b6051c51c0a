// The recipe's image source: data/loader.h's BatchLoader (decode threads, bounded look-ahead,
// seeded augmentation) seen through the trainer's BatchSource interface.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/loader.h"
#include "featurelab/preprocessing.h"
#include "featurelab/progress.h"
#include "featurelab/scan.h"
#include "training/trainer.h"

namespace featurelab::recipe {

/// A BatchSource over image files: x is float [B, 3, H, W] in the backbone's preprocessing,
/// y the int64 labels (-1 for unlabelled images). Each pass is one BatchLoader, so memory is
/// bounded by batch size x max(workers, 2) whatever the data set, and with augment each image
/// gets the loader's random resized crop and flip drawn from (the pass's seed, index).
///
/// Files that fail to decode:
/// - in a shuffled pass (training) they are left out of their batch;
/// - in an ordered pass (evaluation, feature extraction, predict) each becomes a black row,
///   so row i of the pass is always images[i] and results line up with the entries.
/// Either way failures() lists each such file once.
class ImageBatches : public training::BatchSource {
public:
    ImageBatches(std::vector<ImageEntry> images, Preprocessing preprocessing, int workers,
                 bool augment, const CancelToken* cancel = nullptr);
    std::size_t size() const override { return images_.size(); }
    void start(bool shuffle, std::size_t batchSize, std::uint64_t seed) override;
    /// Throws Error(Cancelled) when the token is set (checked while waiting for a batch).
    bool next(torch::Tensor& x, torch::Tensor& y) override;

    /// Files that failed to decode so far, each once.
    const std::vector<SkippedFile>& failures() const { return failures_; }
    /// Called with each file the first time it fails (a file deleted or replaced mid-stage),
    /// on the thread that calls next(), so that the job can say which file it skipped.
    void onFailure(std::function<void(const SkippedFile&)> report) { report_ = std::move(report); }

    using Process = std::function<std::vector<torch::Tensor>(const torch::Tensor&)>;
    /// For the passes started after this call: the decode workers run fn on each batch they
    /// decode (LoaderOptions::process) and nextProcessed() hands over its outputs instead of the
    /// pixels. fn must be safe to run on several threads at once (a frozen network in eval mode
    /// is) and must treat rows independently: failed files' rows are fn of a black image.
    void setProcess(Process fn) { process_ = std::move(fn); }
    /// An ordered pass with setProcess: fn's outputs for the next rows (row i of the pass is
    /// images[i]), and their labels. Throws like next().
    bool nextProcessed(std::vector<torch::Tensor>& outputs, torch::Tensor& y);

private:
    bool nextOrdered(torch::Tensor& x, torch::Tensor& y);
    /// fn of one black image, computed once.
    const std::vector<torch::Tensor>& blank();
    torch::Tensor labelsOf(std::size_t first, std::size_t count) const;
    void noteFailures();

    std::vector<ImageEntry> images_;
    Preprocessing pp_;
    int workers_;
    bool augment_;
    const CancelToken* cancel_;
    std::unique_ptr<BatchLoader> loader_;
    bool shuffle_ = false, loaderDone_ = false;
    std::size_t batch_ = 32, cursor_ = 0;  // ordered passes: the next entry to emit
    std::optional<Batch> pending_;         // ordered passes: a loaded batch not yet emitted
    std::vector<SkippedFile> failures_;
    std::set<std::string> failed_;
    std::function<void(const SkippedFile&)> report_;
    Process process_;
    std::vector<torch::Tensor> blank_;
};

}  // namespace featurelab::recipe
