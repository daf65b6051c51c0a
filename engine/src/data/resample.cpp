// Pillow-compatible resizing of 8-bit RGB images (Pillow 9 libImaging/Resample.c, Geometry.c).
// Reference pipelines (torchvision with PIL, Keras load_img) resize with Pillow; OpenCV's
// INTER_LINEAR does not antialias when shrinking and differs by tens of levels, so to match
// them within 1/255 we reproduce Pillow's separable fixed-point convolution exactly.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "featurelab/error.h"
#include "data/image.h"

namespace featurelab {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's PRECISION_BITS for 8-bit images

struct Filter {
    double (*fn)(double);
    double support;
};

double boxFilter(double x) { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }
double bilinearFilter(double x) {
    x = std::fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}
double bicubicFilter(double x) {
    constexpr double a = -0.5;
    x = std::fabs(x);
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

Filter filterFor(Interpolation i) {
    switch (i) {
        case Interpolation::Area:
            return {boxFilter, 0.5};
        case Interpolation::Bicubic:
            return {bicubicFilter, 2.0};
        default:
            return {bilinearFilter, 1.0};
    }
}

/// Per output pixel: the first input index, the tap count and fixed-point weights.
struct Coeffs {
    int ksize = 0;
    std::vector<int> start, count;
    std::vector<std::int32_t> weights;  // outSize * ksize
};

Coeffs precompute(int inSize, int outSize, const Filter& f) {
    const double scale = double(inSize) / outSize;
    const double filterscale = std::max(scale, 1.0);
    const double support = f.support * filterscale;
    Coeffs c;
    c.ksize = int(std::ceil(support)) * 2 + 1;
    c.start.resize(outSize);
    c.count.resize(outSize);
    c.weights.assign(std::size_t(outSize) * c.ksize, 0);
    std::vector<double> k(c.ksize);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterscale;
        int xmin = int(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = int(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            k[x] = f.fn((x + xmin - center + 0.5) * ss);
            ww += k[x];
        }
        for (int x = 0; x < xmax; ++x) {
            const double w = ww != 0.0 ? k[x] / ww : k[x];
            c.weights[std::size_t(xx) * c.ksize + x] = std::int32_t(
                w < 0 ? -0.5 + w * (1 << kPrecisionBits) : 0.5 + w * (1 << kPrecisionBits));
        }
        c.start[xx] = xmin;
        c.count[xx] = xmax;
    }
    return c;
}

inline std::uint8_t clip8(std::int64_t v) {
    const std::int64_t s = v >> kPrecisionBits;  // arithmetic shift: floor, as in Pillow
    return std::uint8_t(s < 0 ? 0 : (s > 255 ? 255 : s));
}

/// Horizontal pass over input rows [y0, y0 + rows).
RgbImage horizontal(const RgbImage& in, int outW, int y0, int rows, const Coeffs& c) {
    RgbImage out{outW, rows, std::vector<std::uint8_t>(std::size_t(outW) * rows * 3)};
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* src = in.row(y0 + y);
        std::uint8_t* dst = out.pixels.data() + std::size_t(y) * outW * 3;
        for (int xx = 0; xx < outW; ++xx) {
            const std::int32_t* k = &c.weights[std::size_t(xx) * c.ksize];
            std::int64_t s0 = 1 << (kPrecisionBits - 1), s1 = s0, s2 = s0;
            const std::uint8_t* p = src + std::size_t(c.start[xx]) * 3;
            for (int x = 0; x < c.count[xx]; ++x, p += 3) {
                s0 += p[0] * std::int64_t(k[x]);
                s1 += p[1] * std::int64_t(k[x]);
                s2 += p[2] * std::int64_t(k[x]);
            }
            dst[xx * 3 + 0] = clip8(s0);
            dst[xx * 3 + 1] = clip8(s1);
            dst[xx * 3 + 2] = clip8(s2);
        }
    }
    return out;
}

/// Vertical pass; input row indices are shifted by -y0 (the rows the horizontal pass kept).
RgbImage vertical(const RgbImage& in, int outH, int y0, const Coeffs& c) {
    const int w = in.width;
    RgbImage out{w, outH, std::vector<std::uint8_t>(std::size_t(w) * outH * 3)};
    std::vector<std::int64_t> acc(std::size_t(w) * 3);
    for (int yy = 0; yy < outH; ++yy) {
        std::fill(acc.begin(), acc.end(), std::int64_t(1) << (kPrecisionBits - 1));
        const std::int32_t* k = &c.weights[std::size_t(yy) * c.ksize];
        for (int y = 0; y < c.count[yy]; ++y) {
            const std::uint8_t* src = in.row(c.start[yy] - y0 + y);
            const std::int64_t ky = k[y];
            for (int i = 0; i < w * 3; ++i) acc[i] += src[i] * ky;
        }
        std::uint8_t* dst = out.pixels.data() + std::size_t(yy) * w * 3;
        for (int i = 0; i < w * 3; ++i) dst[i] = clip8(acc[i]);
    }
    return out;
}

/// Pillow's NEAREST resize is an affine transform that samples floor((x + 0.5) * scale),
/// accumulated in doubles exactly as ImagingScaleAffine does.
RgbImage nearest(const RgbImage& in, int outW, int outH) {
    RgbImage out{outW, outH, std::vector<std::uint8_t>(std::size_t(outW) * outH * 3)};
    const double ax = double(in.width) / outW, ay = double(in.height) / outH;
    std::vector<int> xin(outW);
    double xo = ax * 0.5;
    for (int x = 0; x < outW; ++x, xo += ax) xin[x] = std::min(int(xo), in.width - 1);
    double yo = ay * 0.5;
    for (int y = 0; y < outH; ++y, yo += ay) {
        const std::uint8_t* src = in.row(std::min(int(yo), in.height - 1));
        std::uint8_t* dst = out.pixels.data() + std::size_t(y) * outW * 3;
        for (int x = 0; x < outW; ++x) std::memcpy(dst + x * 3, src + xin[x] * 3, 3);
    }
    return out;
}

}  // namespace

RgbImage resizeImage(const RgbImage& image, int width, int height, Interpolation interpolation) {
    if (image.empty() || image.pixels.size() != std::size_t(image.width) * image.height * 3)
        throw Error(ErrorCode::InvalidArgument, "Cannot resize an empty or malformed image.");
    if (width <= 0 || height <= 0)
        throw Error(ErrorCode::InvalidArgument, "Resize target must be positive, got " +
                                                    std::to_string(width) + "x" +
                                                    std::to_string(height) + ".");
    if (width == image.width && height == image.height) return image;
    if (interpolation == Interpolation::Nearest) return nearest(image, width, height);

    const Filter f = filterFor(interpolation);
    const bool needH = width != image.width, needV = height != image.height;
    if (!needV) return horizontal(image, width, 0, image.height, precompute(image.width, width, f));
    const Coeffs cv = precompute(image.height, height, f);
    if (!needH) return vertical(image, height, 0, cv);
    // Like Pillow, run the horizontal pass only over the rows the vertical pass will read.
    const int first = cv.start.front();
    const int last = cv.start.back() + cv.count.back();
    const RgbImage tmp =
        horizontal(image, width, first, last - first, precompute(image.width, width, f));
    return vertical(tmp, height, first, cv);
}

RgbImage cropImage(const RgbImage& image, int x, int y, int width, int height) {
    if (width <= 0 || height <= 0)
        throw Error(ErrorCode::InvalidArgument, "Crop size must be positive.");
    RgbImage out{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3, 0)};
    const int x0 = std::max(x, 0), x1 = std::min(x + width, image.width);
    if (x1 <= x0) return out;
    for (int yy = std::max(y, 0); yy < std::min(y + height, image.height); ++yy)
        std::memcpy(out.pixels.data() + (std::size_t(yy - y) * width + (x0 - x)) * 3,
                    image.row(yy) + std::size_t(x0) * 3, std::size_t(x1 - x0) * 3);
    return out;
}

}  // namespace featurelab
