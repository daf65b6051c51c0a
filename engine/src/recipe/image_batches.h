// Streams labelled images as preprocessed batches, decoded by worker threads ahead of use.
#pragma once

#include <deque>
#include <future>
#include <string>
#include <vector>

#include "featurelab/preprocessing.h"
#include "featurelab/scan.h"
#include "training/trainer.h"

namespace featurelab::recipe {

/// A BatchSource over image files: x is float [B, 3, H, W] in the backbone's preprocessing,
/// y the int64 labels (-1 for unlabelled images). Up to `workers` batches are decoded ahead,
/// so memory is bounded by batch size x workers, never by the data set. With augment, each
/// image gets a random resized crop and flip drawn from (seed, pass, index): reproducible.
class ImageBatches : public training::BatchSource {
public:
    ImageBatches(std::vector<ImageEntry> images, Preprocessing preprocessing, int workers,
                 bool augment);
    ~ImageBatches() override;
    std::size_t size() const override { return images_.size(); }
    void start(bool shuffle, std::size_t batchSize, std::uint64_t seed) override;
    bool next(torch::Tensor& x, torch::Tensor& y) override;

    /// Images that failed to decode so far (each becomes a black image, once reported).
    std::vector<std::string> failures() const;

private:
    struct Batch {
        torch::Tensor x, y;
        std::vector<std::string> failed;
    };
    Batch decodeBatch(std::size_t first, std::size_t last, std::uint64_t seed) const;
    void launchNext();
    void drain();

    std::vector<ImageEntry> images_;
    Preprocessing pp_;
    int workers_;
    bool augment_;
    std::vector<std::size_t> order_;
    std::size_t batch_ = 32, launched_ = 0;
    std::uint64_t seed_ = 0;
    std::deque<std::future<Batch>> inFlight_;
    std::vector<std::string> failures_;
};

}  // namespace featurelab::recipe
