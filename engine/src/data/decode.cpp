// Decoding image files into 8-bit RGB (JPEG with libjpeg directly, see decode_jpeg.cpp; the
// other formats, CMYK and EXIF-rotated JPEGs with OpenCV), with JPEG DCT-domain reduction.
//
// Reduced decoding (IMREAD_REDUCED_COLOR_2/4/8) lets libjpeg skip most of the IDCT work. It is
// only used when the reduced image is still at least reduceMargin (default 2) times the size
// the preprocessing needs, so the final resize still averages several source pixels.
// Measured on 300 dogs-vs-cats photos (tests/bench/bench_data_pipeline --compare-reduced 300),
// final preprocessed pixels, full vs reduced decoding, 0..255 units:
//   torchvision bilinear 64 px, margin 2: 231/300 reduced, mean |diff| 0.94, max 99 (edges);
//                                         decode+preprocess 3.6 -> 1.75 ms/image
//   same, margin 1:                       296/300 reduced, mean 2.65, max 137; 4.4 -> 1.1 ms
//   Keras nearest 64 px, margin 2:        256/300 reduced, mean 3.9, max 227
// Nearest sampling picks single source pixels, which reduction has averaged, hence the large
// drift: the loader never reduces for nearest interpolation. At the usual sizes (128 px Keras,
// 224 px torchvision) these ~500x375 photos are never reduced; large camera photos are.
#include <fstream>
#include <mutex>

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "data/decode_jpeg.h"
#include "data/image.h"
#include "data/image_probe.h"
#include "featurelab/error.h"

#include <atomic>
#include <filesystem>

namespace featurelab {
namespace {

std::atomic<std::uint64_t> gDecoded{0};

void silenceOpenCv() {
    // The engine never prints; OpenCV would log codec warnings to stderr otherwise.
    static std::once_flag once;
    std::call_once(once,
                   [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
}

/// 1, 2, 4 or 8: how far libjpeg may scale the image down while decoding it.
int reducedScale(const ImageProbe& probe, const DecodeOptions& o) {
    if (probe.format != ImageFormat::Jpeg || probe.width <= 0 || probe.height <= 0) return 1;
    const int need = std::max(o.minWidth, o.minHeight);
    if (need <= 0) return 1;
    const double smaller = std::min(probe.width, probe.height);  // EXIF may swap the sides
    for (int k : {8, 4, 2})
        if (smaller / k >= o.reduceMargin * need) return k;
    return 1;
}

int openCvFlag(int scale) {
    switch (scale) {
        case 8:
            return cv::IMREAD_REDUCED_COLOR_8;
        case 4:
            return cv::IMREAD_REDUCED_COLOR_4;
        case 2:
            return cv::IMREAD_REDUCED_COLOR_2;
        default:
            return cv::IMREAD_COLOR;
    }
}

[[noreturn]] void badImage(const std::string& path, const std::string& why) {
    throw Error(ErrorCode::BadImage, "Cannot decode " + path + ": " + why + ".");
}

}  // namespace

std::uint64_t decodedImageCount() { return gDecoded.load(std::memory_order_relaxed); }

namespace {

RgbImage decodeImageUnguarded(const std::string& path, const DecodeOptions& options) {
    silenceOpenCv();
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::u8path(path);
    if (!std::filesystem::exists(p, ec))
        throw Error(ErrorCode::NotFound, "Image not found: " + path);
    // Refuse what the probe can tell is broken: libjpeg would print warnings and return a
    // half-grey picture for a truncated file rather than fail.
    const ImageProbe probe = probeImageFile(path, true);
    if (!probe.ok()) badImage(path, probe.problem);
    // The probe read the size from the header of every format: a decompression bomb stops here.
    if (std::uint64_t(probe.width) * std::uint64_t(probe.height) > options.maxPixels) {
        badImage(path, "too large: " + std::to_string(probe.width) + "x" +
                           std::to_string(probe.height) + " pixels exceeds the limit of " +
                           std::to_string(options.maxPixels));
    }
    std::vector<std::uint8_t> bytes(probe.sizeBytes);
    std::ifstream in(p, std::ios::binary);
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!in || in.gcount() != std::streamsize(bytes.size()))
        badImage(path, "unreadable: short read");

    RgbImage out;
    const int scale = reducedScale(probe, options);
    if (probe.format == ImageFormat::Jpeg && !options.viaOpenCv &&
        decodeJpegRgb(bytes.data(), bytes.size(), scale, out)) {
        gDecoded.fetch_add(1, std::memory_order_relaxed);
        return out;
    }
    try {
        // IMREAD_COLOR: EXIF orientation applied, gray/CMYK/16-bit/alpha converted to 8-bit BGR.
        const cv::Mat bgr =
            cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, bytes.data()), openCvFlag(scale));
        if (bgr.empty() || bgr.type() != CV_8UC3)
            badImage(path, "truncated or corrupt: OpenCV could not decode it");
        out.width = bgr.cols;
        out.height = bgr.rows;
        out.pixels.resize(std::size_t(out.width) * out.height * 3);
        cv::Mat rgb(out.height, out.width, CV_8UC3, out.pixels.data());
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    } catch (const cv::Exception& e) {
        badImage(path, "OpenCV error: " + e.msg.substr(0, 200));
    }
    gDecoded.fetch_add(1, std::memory_order_relaxed);
    return out;
}

}  // namespace

RgbImage decodeImage(const std::string& path, const DecodeOptions& options) {
    // Running out of memory on one image skips that image; it never ends the whole job.
    try {
        return decodeImageUnguarded(path, options);
    } catch (const std::bad_alloc&) {
        badImage(path, "out of memory while decoding it");
    }
}

RgbImage decodeThumbnail(const std::string& path, int maxSide) {
    if (maxSide <= 0) throw Error(ErrorCode::InvalidArgument, "Thumbnail size must be positive.");
    DecodeOptions o;
    o.minWidth = o.minHeight = maxSide;
    o.reduceMargin = 1.0;
    RgbImage img = decodeImage(path, o);
    const double s = double(maxSide) / std::max(img.width, img.height);
    if (s >= 1.0) return img;
    return resizeImage(img, std::max(1, int(img.width * s + 0.5)),
                       std::max(1, int(img.height * s + 0.5)), Interpolation::Area);
}

}  // namespace featurelab
