// BatchLoader: batch-granular work claiming, in-order delivery, bounded look-ahead.
#include "data/loader.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "data/image.h"
#include "data/preprocess.h"
#include "featurelab/error.h"

namespace featurelab {

BatchLoader::BatchLoader(std::vector<ImageEntry> entries, const Preprocessing& preprocessing,
                         LoaderOptions options)
    : entries_(std::move(entries)), preprocessing_(preprocessing), options_(std::move(options)) {
    if (options_.batchSize == 0 || options_.batchSize > kMaxBatchSize)
        throw Error(ErrorCode::InvalidArgument, "Batch size must be between 1 and " +
                                                    std::to_string(kMaxBatchSize) + " (got " +
                                                    std::to_string(options_.batchSize) + ").");
    if (options_.workers > kMaxWorkers)
        throw Error(ErrorCode::InvalidArgument, "At most " + std::to_string(kMaxWorkers) +
                                                    " decode workers (got " +
                                                    std::to_string(options_.workers) + ").");
    if (options_.queueDepth > kMaxWorkers)
        throw Error(ErrorCode::InvalidArgument, "The loader's queue depth is absurd.");
    options_.workers = std::max(1, options_.workers);
    // Each worker holds the batch it builds, so fewer slots than workers would idle them.
    depth_ = std::max<std::size_t>(options_.queueDepth, std::size_t(options_.workers));
    start();
}

BatchLoader::~BatchLoader() { stop(); }

void BatchLoader::stop() {
    stop_ = true;
    workCv_.notify_all();
    for (auto& t : workers_)
        if (t.joinable()) t.join();
    workers_.clear();
}

void BatchLoader::startEpoch(std::uint64_t epoch) {
    stop();
    epoch_ = epoch;
    start();
}

void BatchLoader::start() {
    order_.clear();
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (!badIndices_.count(i)) order_.push_back(i);
    if (options_.shuffle) {
        // Own Fisher-Yates: std::shuffle's output differs between standard libraries.
        std::mt19937_64 rng(augmentationSeed(options_.seed, epoch_, ~0ull));
        for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng() % i]);
    }
    numBatches_ = (order_.size() + options_.batchSize - 1) / options_.batchSize;
    nextToClaim_ = nextToDeliver_ = 0;
    ready_.clear();
    error_ = nullptr;
    stop_ = false;
    delivered_ = 0;
    epochTotal_ = order_.size();
    epochStart_ = lastReport_ = std::chrono::steady_clock::now();
    // A thread that cannot start must not leave the ones that did joinable: the constructor
    // would throw past them and std::terminate the process.
    try {
        for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { workerLoop(); });
    } catch (const std::exception& e) {
        stop();
        throw Error(ErrorCode::Io, "Cannot start " + std::to_string(options_.workers) +
                                       " decode threads (" + e.what() + ").");
    }
}

void BatchLoader::workerLoop() {
    for (;;) {
        std::unique_lock<std::mutex> lock(mutex_);
        workCv_.wait(lock, [&] {
            return stop_ || nextToClaim_ >= numBatches_ || nextToClaim_ < nextToDeliver_ + depth_;
        });
        if (stop_ || nextToClaim_ >= numBatches_) return;
        const std::size_t b = nextToClaim_++;
        lock.unlock();
        try {
            Batch batch = build(b);
            if (options_.process && !batch.indices.empty() && !stop_) options_.process(batch);
            lock.lock();
            ready_.emplace(b, std::move(batch));
        } catch (...) {
            if (!lock.owns_lock()) lock.lock();
            if (!error_) error_ = std::current_exception();
            stop_ = true;
        }
        readyCv_.notify_all();
    }
}

Batch BatchLoader::build(std::size_t b) {
    const Preprocessing& p = preprocessing_;
    const std::size_t first = b * options_.batchSize;
    const std::size_t n = std::min(options_.batchSize, order_.size() - first);
    Batch batch;
    batch.images = torch::empty({std::int64_t(n), 3, p.height, p.width}, torch::kFloat32);
    batch.labels = torch::empty({std::int64_t(n)}, torch::kInt64);
    float* dst = batch.images.data_ptr<float>();
    std::int64_t* labels = batch.labels.data_ptr<std::int64_t>();
    const std::size_t plane = std::size_t(3) * p.height * p.width;
    DecodeOptions decode;
    // Not with nearest: reduction averages pixels that nearest sampling would pick one of, so
    // results drift far from the reference pipeline (mean 3.9 levels, see decode.cpp).
    if (options_.reducedDecode && !options_.augmentation.enabled &&
        p.interpolation != Interpolation::Nearest) {
        const bool crop = p.resize == ResizeMode::ShorterSideCenterCrop;
        decode.minWidth = crop ? p.resizeShorter : p.width;
        decode.minHeight = crop ? p.resizeShorter : p.height;
    }
    std::vector<std::pair<std::size_t, SkippedFile>> bad;
    for (std::size_t i = 0; i < n && !stop_; ++i) {
        if (options_.cancel && options_.cancel->cancelled()) break;
        const std::size_t idx = order_[first + i];
        const ImageEntry& e = entries_[idx];
        try {
            const RgbImage img = decodeImage(e.path, decode);
            decoded_.fetch_add(1);
            const RgbImage g = augmentGeometry(img, p, options_.augmentation,
                                               augmentationSeed(options_.seed, epoch_, idx));
            writeScaledPlanes(g, p, dst + plane * batch.indices.size());
            labels[batch.indices.size()] = e.label;
            batch.indices.push_back(idx);
        } catch (const Error& err) {
            // A bad file is data, not a failure: it is reported and left out.
            bad.push_back({idx, {e.relativePath.empty() ? e.path : e.relativePath, err.what()}});
        } catch (const std::bad_alloc&) {  // one huge image: skip it, keep the job
            bad.push_back({idx,
                           {e.relativePath.empty() ? e.path : e.relativePath,
                            "Cannot decode " + e.path + ": out of memory while processing it."}});
        }
    }
    const auto k = std::int64_t(batch.indices.size());
    if (k < std::int64_t(n)) {
        batch.images = batch.images.narrow(0, 0, k);
        batch.labels = batch.labels.narrow(0, 0, k);
    }
    if (!bad.empty()) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& s : bad) pendingBad_.push_back(std::move(s));
    }
    return batch;
}

bool BatchLoader::next(Batch& batch) {
    for (;;) {
        throwIfCancelled(options_.cancel);
        std::unique_lock<std::mutex> lock(mutex_);
        // Report bad files here, on the caller's thread, never from a worker.
        std::vector<std::pair<std::size_t, SkippedFile>> bad;
        bad.swap(pendingBad_);
        if (!bad.empty()) {
            lock.unlock();
            for (const auto& [idx, file] : bad) {
                badIndices_.insert(idx);  // left out of later epochs, never reported again
                badFiles_.push_back(file);
                if (options_.onBadFile) options_.onBadFile(file);
            }
            lock.lock();
        }
        if (error_) std::rethrow_exception(error_);
        if (nextToDeliver_ >= numBatches_) {
            lock.unlock();
            reportProgress(true);
            return false;
        }
        const auto it = ready_.find(nextToDeliver_);
        if (it == ready_.end()) {
            // Wake up regularly so that a cancel is noticed while a batch is being decoded.
            readyCv_.wait_for(lock, std::chrono::milliseconds(50));
            continue;
        }
        Batch b = std::move(it->second);
        ready_.erase(it);
        ++nextToDeliver_;
        lock.unlock();
        workCv_.notify_all();
        // A cancel during decoding leaves a partial batch: never hand that out.
        throwIfCancelled(options_.cancel);
        const std::size_t first = (nextToDeliver_ - 1) * options_.batchSize;
        delivered_ += std::min(options_.batchSize, order_.size() - first);
        reportProgress(false);
        if (b.indices.empty()) continue;
        batch = std::move(b);
        return true;
    }
}

void BatchLoader::reportProgress(bool final) {
    if (!options_.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - lastReport_ < std::chrono::milliseconds(250)) return;
    lastReport_ = now;
    const double secs = std::chrono::duration<double>(now - epochStart_).count();
    Progress pr;
    pr.phase = options_.phase;
    pr.done = delivered_;
    pr.total = epochTotal_;
    pr.itemsPerSecond = secs > 0 ? delivered_ / secs : 0.0;
    pr.etaSeconds = pr.itemsPerSecond > 0 ? (epochTotal_ - delivered_) / pr.itemsPerSecond : -1.0;
    if (!options_.progress(pr)) throw Error(ErrorCode::Cancelled, "Cancelled by the user.");
}

std::vector<SkippedFile> BatchLoader::badFiles() const { return badFiles_; }

}  // namespace featurelab
