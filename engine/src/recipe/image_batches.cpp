// ImageBatches: decode-ahead batches on std::async workers; decode errors become black images.
#include "recipe/image_batches.h"

#include <numeric>
#include <random>

#include "data/augment.h"
#include "data/preprocess.h"
#include "featurelab/error.h"
#include "featurelab/image.h"

namespace featurelab::recipe {

ImageBatches::ImageBatches(std::vector<ImageEntry> images, Preprocessing preprocessing, int workers,
                           bool augment)
    : images_(std::move(images)),
      pp_(std::move(preprocessing)),
      workers_(std::max(1, workers)),
      augment_(augment) {}

ImageBatches::~ImageBatches() { drain(); }

void ImageBatches::drain() {
    for (auto& f : inFlight_)
        if (f.valid()) f.wait();
    inFlight_.clear();
}

void ImageBatches::start(bool shuffle, std::size_t batchSize, std::uint64_t seed) {
    drain();
    batch_ = std::max<std::size_t>(1, batchSize);
    seed_ = seed;
    order_.resize(images_.size());
    std::iota(order_.begin(), order_.end(), std::size_t(0));
    if (shuffle) {
        std::mt19937_64 rng(seed);
        for (std::size_t i = order_.size(); i > 1; --i)
            std::swap(order_[i - 1], order_[static_cast<std::size_t>(rng() % i)]);
    }
    launched_ = 0;
    for (int w = 0; w < workers_; ++w) launchNext();
}

void ImageBatches::launchNext() {
    const std::size_t first = launched_ * batch_;
    if (first >= order_.size()) return;
    const std::size_t last = std::min(order_.size(), first + batch_);
    ++launched_;
    inFlight_.push_back(std::async(
        std::launch::async, [this, first, last] { return decodeBatch(first, last, seed_); }));
}

ImageBatches::Batch ImageBatches::decodeBatch(std::size_t first, std::size_t last,
                                              std::uint64_t seed) const {
    const auto n = static_cast<std::int64_t>(last - first);
    Batch b;
    b.x = torch::zeros({n, 3, pp_.height, pp_.width}, torch::kFloat32);
    b.y = torch::empty({n}, torch::kInt64);
    DecodeOptions opts;
    opts.minWidth = pp_.width;  // JPEGs may decode at reduced size: far cheaper, same result
    opts.minHeight = pp_.height;
    Augmentation aug;
    aug.enabled = augment_;
    aug.minScale = 0.35;  // a mild crop: small images of whole animals lose the animal at 0.08
    for (std::int64_t i = 0; i < n; ++i) {
        const std::size_t idx = order_[first + static_cast<std::size_t>(i)];
        const ImageEntry& e = images_[idx];
        b.y[i] = static_cast<std::int64_t>(e.label);
        try {
            const RgbImage img = decodeImage(e.path, opts);
            const RgbImage geo =
                augment_ ? augmentGeometry(img, pp_, aug, augmentationSeed(seed, 0, idx))
                         : preprocessGeometry(img, pp_);
            writeScaledPlanes(geo, pp_, b.x[i].data_ptr<float>());
        } catch (const Error& err) {
            b.failed.push_back(e.relativePath + ": " + err.what());
        }
    }
    return b;
}

bool ImageBatches::next(torch::Tensor& x, torch::Tensor& y) {
    if (inFlight_.empty()) return false;
    Batch b = inFlight_.front().get();
    inFlight_.pop_front();
    launchNext();
    x = b.x;
    y = b.y;
    failures_.insert(failures_.end(), b.failed.begin(), b.failed.end());
    return true;
}

std::vector<std::string> ImageBatches::failures() const { return failures_; }

}  // namespace featurelab::recipe
