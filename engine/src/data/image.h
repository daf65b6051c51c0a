// Decoding image files into 8-bit RGB pixels, and the resize/crop a backbone applies to them.
// Internal to the engine (the loader, preprocessing, the handles) and its tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/preprocessing.h"

namespace featurelab {

/// An 8-bit RGB image, rows top to bottom, pixels interleaved (HWC, R G B).
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 3 bytes
    bool empty() const { return width <= 0 || height <= 0; }
    const std::uint8_t* row(int y) const { return pixels.data() + std::size_t(y) * width * 3; }
};

struct DecodeOptions {
    /// When > 0, a JPEG may be decoded at 1/2, 1/4 or 1/8 scale (in the DCT domain, much
    /// cheaper) as long as the result stays at least reduceMargin x minWidth wide and
    /// reduceMargin x minHeight high. Leave 0 for full resolution. See decode.cpp for the
    /// measured accuracy effect.
    int minWidth = 0;
    int minHeight = 0;
    double reduceMargin = 2.0;
    /// Images whose header announces more pixels than this are refused as "too large".
    std::uint64_t maxPixels = 100'000'000;
    /// Decode JPEGs with OpenCV too, not with libjpeg directly (decode_jpeg.h): the reference
    /// the direct path is tested against. Same pixels, slower.
    bool viaOpenCv = false;
};

/// Decodes path (JPEG, PNG, BMP, WebP, TIFF, by content) into 8-bit RGB. EXIF orientation is
/// applied; grayscale, CMYK, 16-bit and alpha images become 8-bit RGB (alpha is dropped, as
/// PIL's convert("RGB") does). Throws Error(NotFound) for a missing file and Error(BadImage)
/// with the reason ("not an image", "truncated or corrupt: ...", "too large: ...").
RgbImage decodeImage(const std::string& path, const DecodeOptions& options = {});

/// How many images decodeImage has decoded in this process (all threads). Caches use it to
/// prove that a hit decoded nothing.
std::uint64_t decodedImageCount();

/// Resizes to exactly width x height with Pillow's resampling (antialiased when shrinking),
/// so that results match PIL-based reference pipelines. Throws Error(InvalidArgument) for
/// an empty image or a non-positive size.
RgbImage resizeImage(const RgbImage& image, int width, int height, Interpolation interpolation);

/// Copies the rectangle (x, y, width, height); parts outside the image are black, as in
/// torchvision's CenterCrop on a small image.
RgbImage cropImage(const RgbImage& image, int x, int y, int width, int height);

/// The geometric part of a Preprocessing (resize mode, interpolation, centre crop): the
/// pixels the network sees, before channel order and scaling. Throws like resizeImage.
RgbImage preprocessGeometry(const RgbImage& image, const Preprocessing& preprocessing);

/// Where the pixels preprocessGeometry keeps lie in a width x height image, in its pixels: the
/// whole image for Direct, the centre crop for ShorterSideCenterCrop (reaching past the image
/// where the crop pads it). All zeros for an empty size.
struct SourceRect {
    double x = 0, y = 0, width = 0, height = 0;
};
SourceRect preprocessSourceRect(int width, int height, const Preprocessing& preprocessing);

/// decodeImage with a size hint for a thumbnail no larger than maxSide, then resized to fit.
RgbImage decodeThumbnail(const std::string& path, int maxSide);

}  // namespace featurelab
