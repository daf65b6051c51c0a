// Shared architecture pieces: TF "same" padding, torchvision init, default input pipelines.
#include "models/arch_common.h"

#include <algorithm>

namespace featurelab::arch {

torch::Tensor tfSamePad(const torch::Tensor& x, std::int64_t k, std::int64_t s) {
    auto split = [&](std::int64_t n) {
        const std::int64_t out = (n + s - 1) / s;
        const std::int64_t total = std::max<std::int64_t>((out - 1) * s + k - n, 0);
        return std::make_pair(total / 2, total - total / 2);
    };
    const auto [top, bottom] = split(x.size(2));
    const auto [left, right] = split(x.size(3));
    if (top == 0 && bottom == 0 && left == 0 && right == 0) return x;
    return torch::constant_pad_nd(x, {left, right, top, bottom}, 0);
}

void initLikeTorchvision(torch::nn::Module& root) {
    torch::NoGradGuard noGrad;
    for (const auto& m : root.modules(true)) {
        if (auto* conv = m->as<torch::nn::Conv2d>()) {
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
            if (conv->bias.defined()) torch::nn::init::zeros_(conv->bias);
        } else if (auto* bn = m->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(bn->weight);
            torch::nn::init::zeros_(bn->bias);
        } else if (auto* fc = m->as<torch::nn::Linear>()) {
            torch::nn::init::normal_(fc->weight, 0.0, 0.01);
            torch::nn::init::zeros_(fc->bias);
        }
    }
}

// The data layer owns the pipelines (featurelab/preprocessing.h); these names keep the
// architecture files independent of where they are defined.
Preprocessing torchvisionPreprocessing(int size) { return Preprocessing::torchvision(size); }

Preprocessing kerasSymmetricPreprocessing(int w, int h) {
    return Preprocessing::kerasSymmetric(w, h);
}

Preprocessing kerasCaffePreprocessing(int w, int h) { return Preprocessing::kerasCaffe(w, h); }

}  // namespace featurelab::arch
