// Pieces every architecture builder shares: containers with torchvision-style child names,
// TensorFlow "same" padding, initialisation, and the default input pipelines per weights family.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "featurelab/preprocessing.h"

namespace featurelab::arch {

/// A parameter-less container, so that children can be named "0", "1", ... like torchvision's
/// nn.Sequential ("features.0.weight") while the segments call each child directly.
inline std::shared_ptr<torch::nn::Module> container() {
    return std::make_shared<torch::nn::Module>();
}

/// TensorFlow "same" padding for a k x k, stride-s window: the total padding
/// max((ceil(n/s)-1)*s + k - n, 0) is split with the extra pixel at the bottom/right, which is
/// what makes stride-2 convolutions of Keras models asymmetric.
torch::Tensor tfSamePad(const torch::Tensor& x, std::int64_t k, std::int64_t s);

/// torchvision's initialisation: Kaiming-normal (fan_out) convolutions, BatchNorm 1/0,
/// Linear N(0, 0.01) with zero bias. Applied to every module under root.
void initLikeTorchvision(torch::nn::Module& root);

/// Input pipelines per weights family (the factories of featurelab/preprocessing.h).
Preprocessing torchvisionPreprocessing(int size);          // ImageNet mean/std, shorter side, crop
Preprocessing kerasSymmetricPreprocessing(int w, int h);  // x/127.5 - 1, direct resize
Preprocessing kerasCaffePreprocessing(int w, int h);      // BGR minus the ImageNet mean

}  // namespace featurelab::arch
