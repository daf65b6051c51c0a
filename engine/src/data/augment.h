// Training-time augmentation: random resized crop and horizontal flip, reproducible per image.
#pragma once

#include <cstdint>

#include "data/image.h"

namespace featurelab {

/// torchvision's RandomResizedCrop(scale, ratio) + RandomHorizontalFlip(0.5) defaults.
struct Augmentation {
    bool enabled = false;
    double minScale = 0.08;  // fraction of the image area kept by the crop
    double maxScale = 1.0;
    double minRatio = 3.0 / 4.0;  // crop aspect ratio w/h
    double maxRatio = 4.0 / 3.0;
    bool horizontalFlip = true;
};

/// The seed for one image in one epoch: the same (seed, epoch, index) always gives the same
/// crop and flip, whatever thread decodes it.
std::uint64_t augmentationSeed(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index);

/// preprocessGeometry when augmentation is off; otherwise a random crop resized to the
/// preprocessing's width x height, then a random flip, all drawn from seed.
RgbImage augmentGeometry(const RgbImage& image, const Preprocessing& preprocessing,
                         const Augmentation& augmentation, std::uint64_t seed);

}  // namespace featurelab
