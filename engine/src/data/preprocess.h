// From RGB pixels to the float tensor a backbone takes: geometry, channel order, scaling.
#pragma once

#include <torch/torch.h>

#include "data/image.h"
#include "featurelab/preprocessing.h"

namespace featurelab {

/// Writes image (already at the preprocessing's width x height) as planar float CHW into dst
/// (3 * height * width floats), in the spec's channel order and scaling.
void writeScaledPlanes(const RgbImage& image, const Preprocessing& preprocessing, float* dst);

/// preprocessGeometry + writeScaledPlanes: a float tensor [3, height, width].
/// Throws Error(InvalidArgument) for an empty image.
torch::Tensor toInputTensor(const RgbImage& image, const Preprocessing& preprocessing);

/// Undoes the scaling of one [3,H,W] tensor back to 0..255 RGB values (for tests and the
/// inspector's "what the network sees" view).
torch::Tensor unscaleToRgb255(const torch::Tensor& chw, const Preprocessing& preprocessing);

}  // namespace featurelab
