// TensorBatches: cached features served in seeded, portable shuffled order.
#include <numeric>
#include <random>

#include "training/trainer.h"

namespace featurelab::training {

TensorBatches::TensorBatches(torch::Tensor x, torch::Tensor y)
    : x_(std::move(x)), y_(std::move(y)) {
    y_ = y_.to(x_.device());
}

std::size_t TensorBatches::size() const { return static_cast<std::size_t>(x_.size(0)); }

void TensorBatches::start(bool shuffle, std::size_t batchSize, std::uint64_t seed) {
    batch_ = std::max<std::size_t>(1, batchSize);
    pos_ = 0;
    std::vector<std::int64_t> idx(size());
    std::iota(idx.begin(), idx.end(), 0);
    if (shuffle) {
        // Own Fisher-Yates over mt19937_64: std::shuffle's result differs between libraries.
        std::mt19937_64 rng(seed);
        for (std::size_t i = idx.size(); i > 1; --i)
            std::swap(idx[i - 1], idx[static_cast<std::size_t>(rng() % i)]);
    }
    order_ = torch::tensor(idx, torch::kInt64).to(x_.device());
}

bool TensorBatches::next(torch::Tensor& x, torch::Tensor& y) {
    if (pos_ >= size()) return false;
    const auto end = std::min(size(), pos_ + batch_);
    const auto sel =
        order_.slice(0, static_cast<std::int64_t>(pos_), static_cast<std::int64_t>(end));
    x = x_.index_select(0, sel);
    y = y_.index_select(0, sel);
    pos_ = end;
    return true;
}

std::int64_t countParams(const std::vector<torch::Tensor>& params) {
    std::int64_t n = 0;
    for (const auto& p : params) n += p.numel();
    return n;
}

}  // namespace featurelab::training
