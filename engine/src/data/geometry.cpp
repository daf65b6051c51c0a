// The geometric part of preprocessing (resize modes, centre crop) and training augmentation.
#include <algorithm>
#include <cmath>
#include <random>

#include "data/augment.h"
#include "featurelab/error.h"
#include "data/image.h"

namespace featurelab {

namespace {

// torchvision 0.14 Resize(int) + CenterCrop as sizes: the resized image and the crop's offset.
struct CropPlan {
    int resizedWidth = 0, resizedHeight = 0, x = 0, y = 0;
};

CropPlan centreCropPlan(int width, int height, const Preprocessing& p) {
    // Resize(int): the shorter side becomes resizeShorter, the longer one
    // int(resizeShorter * long / short) (truncated, computed in doubles like Python).
    const bool wide = width > height;
    const int shortSide = wide ? height : width;
    const int longSide = wide ? width : height;
    const int newLong = int(double(std::int64_t(p.resizeShorter) * longSide) / shortSide);
    CropPlan plan;
    plan.resizedWidth = wide ? newLong : p.resizeShorter;
    plan.resizedHeight = wide ? p.resizeShorter : newLong;
    // CenterCrop: pad symmetrically (left/top get the smaller half) when the image is
    // smaller, else offsets int(round((size - crop) / 2)) with Python's round-half-to-even.
    auto offset = [](int size, int crop) {
        if (crop > size) return -((crop - size) / 2);
        return int(std::nearbyint((size - crop) / 2.0));
    };
    plan.x = offset(plan.resizedWidth, p.width);
    plan.y = offset(plan.resizedHeight, p.height);
    return plan;
}

}  // namespace

RgbImage preprocessGeometry(const RgbImage& image, const Preprocessing& p) {
    if (p.resize == ResizeMode::Direct)
        return resizeImage(image, p.width, p.height, p.interpolation);
    const CropPlan plan = centreCropPlan(image.width, image.height, p);
    const RgbImage resized =
        resizeImage(image, plan.resizedWidth, plan.resizedHeight, p.interpolation);
    return cropImage(resized, plan.x, plan.y, p.width, p.height);
}

SourceRect preprocessSourceRect(int width, int height, const Preprocessing& p) {
    if (width <= 0 || height <= 0) return {};
    if (p.resize == ResizeMode::Direct) return {0, 0, double(width), double(height)};
    const CropPlan plan = centreCropPlan(width, height, p);
    const double sx = double(width) / plan.resizedWidth, sy = double(height) / plan.resizedHeight;
    return {plan.x * sx, plan.y * sy, p.width * sx, p.height * sy};
}

std::uint64_t augmentationSeed(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index) {
    // splitmix64 over the three values: independent streams per (seed, epoch, image), so the
    // result does not depend on which worker thread handles an image or in what order.
    std::uint64_t z = seed ^ (epoch * 0x9E3779B97F4A7C15ull) ^ (index * 0xC2B2AE3D27D4EB4Full);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

RgbImage augmentGeometry(const RgbImage& image, const Preprocessing& p, const Augmentation& a,
                         std::uint64_t seed) {
    if (!a.enabled) return preprocessGeometry(image, p);
    // mt19937_64 is specified exactly; the std distributions are not, so draw by hand to get
    // the same crops with every standard library.
    std::mt19937_64 rng(seed);
    auto unit = [&rng]() { return double(rng() >> 11) * (1.0 / 9007199254740992.0); };
    auto between = [&rng](int lo, int hi) { return lo + int(rng() % std::uint64_t(hi - lo + 1)); };
    const int W = image.width, H = image.height;
    const double area = double(W) * H;
    int cw = 0, ch = 0, cx = 0, cy = 0;
    // torchvision RandomResizedCrop.get_params: 10 tries, then a centre crop fallback.
    for (int attempt = 0; attempt < 10 && cw == 0; ++attempt) {
        const double target = area * (a.minScale + (a.maxScale - a.minScale) * unit());
        const double logLo = std::log(a.minRatio), logHi = std::log(a.maxRatio);
        const double ratio = std::exp(logLo + (logHi - logLo) * unit());
        const int w = int(std::lround(std::sqrt(target * ratio)));
        const int h = int(std::lround(std::sqrt(target / ratio)));
        if (w > 0 && h > 0 && w <= W && h <= H) {
            cw = w;
            ch = h;
            cx = between(0, W - w);
            cy = between(0, H - h);
        }
    }
    if (cw == 0) {
        const double inRatio = double(W) / H;
        if (inRatio < a.minRatio) {
            cw = W;
            ch = std::max(1, int(std::lround(cw / a.minRatio)));
        } else if (inRatio > a.maxRatio) {
            ch = H;
            cw = std::max(1, int(std::lround(ch * a.maxRatio)));
        } else {
            cw = W;
            ch = H;
        }
        cx = (W - cw) / 2;
        cy = (H - ch) / 2;
    }
    RgbImage out =
        resizeImage(cropImage(image, cx, cy, cw, ch), p.width, p.height, p.interpolation);
    if (a.horizontalFlip && unit() < 0.5) {
        for (int y = 0; y < out.height; ++y) {
            std::uint8_t* row = out.pixels.data() + std::size_t(y) * out.width * 3;
            for (int l = 0, r = out.width - 1; l < r; ++l, --r)
                std::swap_ranges(row + l * 3, row + l * 3 + 3, row + r * 3);
        }
    }
    return out;
}

}  // namespace featurelab
