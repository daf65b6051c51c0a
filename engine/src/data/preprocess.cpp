// Scaling and channel order of preprocessed pixels into float tensors.
#include "data/preprocess.h"

#include "featurelab/error.h"

namespace featurelab {
namespace {

/// Per output channel: value = pixel * a + b, and which RGB channel it reads.
struct Affine {
    float a[3], b[3];
    int src[3];
};

Affine affineFor(const Preprocessing& p) {
    Affine f{};
    for (int c = 0; c < 3; ++c) {
        f.src[c] = p.channels == ChannelOrder::RGB ? c : 2 - c;
        switch (p.scaling) {
            case Scaling::MeanStd:  // (x/255 - mean) / std
                f.a[c] = 1.0f / (255.0f * p.std[c]);
                f.b[c] = -p.mean[c] / p.std[c];
                break;
            case Scaling::Symmetric:  // x/127.5 - 1
                f.a[c] = 1.0f / 127.5f;
                f.b[c] = -1.0f;
                break;
            case Scaling::CaffeMean:  // x - mean, in 0..255 units
                f.a[c] = 1.0f;
                f.b[c] = -p.mean[c];
                break;
        }
    }
    return f;
}

}  // namespace

void writeScaledPlanes(const RgbImage& img, const Preprocessing& p, float* dst) {
    const Affine f = affineFor(p);
    const std::size_t plane = std::size_t(img.width) * img.height;
    for (int c = 0; c < 3; ++c) {
        const std::uint8_t* src = img.pixels.data() + f.src[c];
        float* out = dst + plane * c;
        const float a = f.a[c], b = f.b[c];
        for (std::size_t i = 0; i < plane; ++i) out[i] = float(src[i * 3]) * a + b;
    }
}

torch::Tensor toInputTensor(const RgbImage& image, const Preprocessing& p) {
    const RgbImage g = preprocessGeometry(image, p);
    torch::Tensor t = torch::empty({3, g.height, g.width}, torch::kFloat32);
    writeScaledPlanes(g, p, t.data_ptr<float>());
    return t;
}

torch::Tensor unscaleToRgb255(const torch::Tensor& chw, const Preprocessing& p) {
    const Affine f = affineFor(p);
    torch::Tensor out = torch::empty_like(chw);
    for (int c = 0; c < 3; ++c) out[f.src[c]] = (chw[c] - f.b[c]) / f.a[c];
    return out;
}

}  // namespace featurelab
