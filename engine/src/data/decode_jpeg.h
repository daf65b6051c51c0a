// JPEG straight to 8-bit RGB with libjpeg(-turbo): the fast path of decodeImage.
#pragma once

#include <cstddef>
#include <cstdint>

#include "data/image.h"

namespace featurelab {

/// Decodes the JPEG in data[0, size) into out at 1/scaleDenom (1, 2, 4 or 8, in the DCT domain)
/// with the same libjpeg settings OpenCV's imdecode uses (islow IDCT, fancy upsampling), so the
/// pixels are OpenCV's, without its per-row RGB->BGR swap and our BGR->RGB conversion back.
/// Returns false, with out untouched, for everything it leaves to OpenCV: CMYK/YCCK images, an
/// EXIF orientation other than 1 (OpenCV rotates), and any libjpeg error (OpenCV's own handling,
/// e.g. of motion-JPEG frames without Huffman tables, then decides). Never prints: libjpeg's
/// warnings about corrupt data are dropped, as its errors are.
bool decodeJpegRgb(const std::uint8_t* data, std::size_t size, int scaleDenom, RgbImage& out);

}  // namespace featurelab
