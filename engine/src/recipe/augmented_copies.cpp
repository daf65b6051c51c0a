// augmentedCopies: K decode passes with augmentation, then epochs that cycle through them.
#include "recipe/augmented_copies.h"

#include "recipe/features.h"

namespace featurelab::recipe {

namespace {

/// Serves one copy per pass: the trainer starts a pass per epoch, so epoch e sees copy
/// (e - 1) mod K, in the trainer's seeded order.
class CyclingCopies : public training::BatchSource {
public:
    CyclingCopies(std::vector<torch::Tensor> copies, const torch::Tensor& labels) {
        for (auto& c : copies) copies_.emplace_back(std::move(c), labels);
    }
    std::size_t size() const override { return copies_.front().size(); }
    void start(bool shuffle, std::size_t batchSize, std::uint64_t seed) override {
        current_ = &copies_[passes_++ % copies_.size()];
        current_->start(shuffle, batchSize, seed);
    }
    bool next(torch::Tensor& x, torch::Tensor& y) override {
        if (!current_ || !current_->next(x, y)) return false;
        x = x.to(torch::kFloat32);  // stored as float16: half the memory, ample precision
        return true;
    }

private:
    std::vector<training::TensorBatches> copies_;
    training::TensorBatches* current_ = nullptr;
    std::size_t passes_ = 0;
};

}  // namespace

double augmentedCopiesBytes(Network& net, std::size_t cut, std::size_t images, int copies) {
    return static_cast<double>(valuesPerImageAt(net, cut)) * 2.0 * static_cast<double>(images) *
           static_cast<double>(copies);
}

std::unique_ptr<training::BatchSource> augmentedCopies(RunContext& ctx, std::size_t cut, int copies,
                                                       std::uint64_t seed) {
    std::vector<torch::Tensor> features;
    for (int k = 0; k < copies; ++k) {
        const std::string phase = "features train, augmented copy " + std::to_string(k + 1) +
                                  " of " + std::to_string(copies);
        features.push_back(featuresAtCuts(*ctx.net, ctx.train, {cut}, ctx.config.workers,
                                          ctx.device, phase, ctx.observer, ctx.cancel, true,
                                          seed * 1000003ULL + static_cast<std::uint64_t>(k),
                                          torch::kFloat16)
                               .front()
                               .to(ctx.device));
    }
    return std::make_unique<CyclingCopies>(std::move(features), ctx.trainLabels);
}

}  // namespace featurelab::recipe
