// How a backbone wants its input pixels: one spec per backbone, written down in one place.
#pragma once

#include <array>
#include <string>

namespace featurelab {

enum class ResizeMode {
    Direct,                // resize straight to width x height (Keras flow_from_directory)
    ShorterSideCenterCrop  // resize the shorter side to resizeShorter, then centre-crop (torchvision)
};
enum class Interpolation { Nearest, Bilinear, Bicubic, Area };
enum class ChannelOrder { RGB, BGR };
enum class Scaling {
    MeanStd,    // x/255, then (x - mean) / std per channel (torchvision)
    Symmetric,  // x/127.5 - 1 (Keras MobileNet, Inception)
    CaffeMean   // x - mean in 0..255 units, BGR order (Keras VGG16 / ResNet50, as in the lesson)
};

struct Preprocessing {
    int width = 224;
    int height = 224;
    ResizeMode resize = ResizeMode::ShorterSideCenterCrop;
    int resizeShorter = 256;  // used by ShorterSideCenterCrop
    Interpolation interpolation = Interpolation::Bilinear;
    ChannelOrder channels = ChannelOrder::RGB;
    Scaling scaling = Scaling::MeanStd;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};  // in the output channel order
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};

    /// A stable text form, used in cache keys and model metadata; parse() reads it back.
    std::string toString() const;
    /// Throws Error(InvalidArgument) for text that toString() did not produce.
    static Preprocessing parse(const std::string& text);

    static Preprocessing torchvision(int size = 224);            // ImageNet mean/std, 256 -> 224
    static Preprocessing kerasSymmetric(int width, int height);  // MobileNet v1: x/127.5-1
    static Preprocessing kerasCaffe(int width, int height);      // VGG16: BGR, minus mean
};

}  // namespace featurelab
