// A prefetching batch loader: N decode threads fill a bounded queue of ready batches while the
// caller runs the model on the previous one.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "data/augment.h"
#include "featurelab/preprocessing.h"
#include "featurelab/progress.h"
#include "featurelab/scan.h"
#include "runtime_threads.h"

namespace featurelab {

/// Bounds on the options: far above what helps (threads beyond the cores only contend) and far
/// below what exhausts the process (--workers 100000).
constexpr int kMaxWorkers = 256;
constexpr std::size_t kMaxBatchSize = 65536;

struct Batch;

struct LoaderOptions {
    std::size_t batchSize = 32;
    int workers = 2;  // decode threads (at least 1)
    /// Batches decoded ahead of the consumer. Memory is bounded by
    /// max(queueDepth, workers) x batchSize x 3 x H x W floats, whatever the dataset size.
    std::size_t queueDepth = 2;
    bool shuffle = false;
    std::uint64_t seed = 0;  // shuffle order and augmentation draws
    Augmentation augmentation;
    /// Let large JPEGs decode at 1/2..1/8 scale when still >= 2x the needed size. Never used
    /// with augmentation (random crops zoom in).
    bool reducedDecode = true;
    const CancelToken* cancel = nullptr;
    ProgressFn progress;  // throttled (~4 per second, plus one at the end)
    std::string phase = "load";
    /// Called on the thread that calls next(), once per file that fails to decode; the file
    /// is then left out of this and later epochs.
    std::function<void(const SkippedFile&)> onBadFile;
    /// When set, each worker runs it on the batch it has just decoded, before handing it over
    /// (e.g. the frozen network's forward pass, filling Batch::outputs): decoding and computing
    /// a batch then happen on one thread, so W workers keep W cores busy with no hand-off
    /// between decode threads and compute threads. An exception it throws ends the pass and
    /// is rethrown by next(). Worker threads are new threads: LibTorch gives them the
    /// intra-op thread count in force when they start (see ComputeThreadsGuard).
    std::function<void(Batch&)> process;
};

struct Batch {
    torch::Tensor images;                // float [B, 3, H, W], preprocessed
    torch::Tensor labels;                // int64 [B] (-1 for unlabelled images)
    std::vector<std::size_t> indices;    // into the entries the loader was given
    std::vector<torch::Tensor> outputs;  // what LoaderOptions::process computed, if anything
};

class BatchLoader {
public:
    /// Starts the workers on epoch 0. entries are copied. Throws Error(InvalidArgument) for a
    /// batch size outside [1, kMaxBatchSize] or more than kMaxWorkers workers, and Error(Io)
    /// when the threads cannot start (after joining those that did).
    BatchLoader(std::vector<ImageEntry> entries, const Preprocessing& preprocessing,
                LoaderOptions options);
    /// Stops and joins the workers, also mid-epoch.
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    /// The next batch in order; false at the end of the epoch. A batch is smaller than
    /// batchSize when it is the last one or when some of its files failed to decode; batches
    /// in which every file failed are skipped. Throws Error(Cancelled) when the token is set
    /// or progress returns false (checked while waiting, so within one batch), and rethrows
    /// an unexpected worker error (bad files are not errors).
    bool next(Batch& batch);
    /// Restarts with a new epoch: shuffle order and augmentation draws follow (seed, epoch).
    void startEpoch(std::uint64_t epoch);

    std::size_t entryCount() const { return entries_.size(); }
    /// Images decoded by this loader so far (all epochs).
    std::size_t decodedCount() const { return decoded_.load(); }
    /// Files that failed to decode so far, in the order they were found.
    std::vector<SkippedFile> badFiles() const;

private:
    void start();
    void stop();
    void workerLoop();
    Batch build(std::size_t batchIndex);
    void reportProgress(bool final);

    std::vector<ImageEntry> entries_;
    Preprocessing preprocessing_;
    LoaderOptions options_;
    std::uint64_t epoch_ = 0;
    std::vector<std::size_t> order_;
    std::size_t numBatches_ = 0;
    std::size_t depth_ = 2;

    mutable std::mutex mutex_;
    std::condition_variable workCv_, readyCv_;
    std::size_t nextToClaim_ = 0, nextToDeliver_ = 0;
    std::map<std::size_t, Batch> ready_;
    std::vector<std::pair<std::size_t, SkippedFile>>
        pendingBad_;  // found by workers, reported by next()
    std::set<std::size_t> badIndices_;
    std::vector<SkippedFile> badFiles_;
    std::exception_ptr error_;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> decoded_{0};
    std::vector<std::thread> workers_;

    std::size_t delivered_ = 0, epochTotal_ = 0;
    std::chrono::steady_clock::time_point epochStart_, lastReport_;
};

}  // namespace featurelab
