// decodeJpegRgb: libjpeg(-turbo) into the caller's RGB buffer, one call per file.
//
// Why not cv::imdecode for JPEG: OpenCV 4.6 asks libjpeg for RGB and converts every row to BGR
// with a scalar byte loop, which perf put at 25% of extract's CPU (MobileNet 0.25 @128, 2,000
// photos); the engine then converted BGR back to RGB. Here libjpeg writes RGB rows directly
// into the image (docs/performance.md has the before/after).
#include "data/decode_jpeg.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstring>

#include <jpeglib.h>

namespace featurelab {
namespace {

struct ErrorManager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
};

void onError(j_common_ptr cinfo) {
    std::longjmp(reinterpret_cast<ErrorManager*>(cinfo->err)->jump, 1);
}

void onMessage(j_common_ptr) {}  // the engine never prints; OpenCV decides on errors

std::uint16_t u16(const JOCTET* p, bool little) {
    return little ? std::uint16_t(p[0] | p[1] << 8) : std::uint16_t(p[0] << 8 | p[1]);
}

std::uint32_t u32(const JOCTET* p, bool little) {
    return little ? std::uint32_t(p[0] | p[1] << 8 | p[2] << 16 | std::uint32_t(p[3]) << 24)
                  : std::uint32_t(std::uint32_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]);
}

/// The orientation tag (0x0112) of the first EXIF APP1 segment's IFD0: 1 when there is none,
/// 0 when the segment cannot be read (the caller then lets OpenCV decide).
int exifOrientation(j_decompress_ptr cinfo) {
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        if (m->marker != JPEG_APP0 + 1 || m->data_length < 14 ||
            std::memcmp(m->data, "Exif\0\0", 6) != 0)
            continue;
        const JOCTET* tiff = m->data + 6;
        const std::size_t n = m->data_length - 6;
        const bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 0;
        const std::uint32_t ifd = u32(tiff + 4, little);
        if (ifd < 8 || ifd + 2 > n) return 0;
        const std::uint16_t count = u16(tiff + ifd, little);
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::size_t at = ifd + 2 + std::size_t(i) * 12;
            if (at + 12 > n) return 0;
            if (u16(tiff + at, little) != 0x0112) continue;
            // SHORT, count 1: the value sits in the first two bytes of the value field.
            if (u16(tiff + at + 2, little) != 3) return 0;
            return u16(tiff + at + 8, little);
        }
        return 1;  // OpenCV reads the first EXIF segment only
    }
    return 1;
}

/// A decompression in two steps, each guarding its libjpeg calls with its own setjmp and holding
/// nothing with a destructor, so a longjmp never skips one: the pixels are allocated between
/// the steps, by the caller.
struct Decompression {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    bool created = false;

    ~Decompression() {
        if (created) jpeg_destroy_decompress(&cinfo);
    }

    /// Header, checks and output size; false for what OpenCV must decode.
    bool start(const std::uint8_t* data, std::size_t size, int scaleDenom) {
        cinfo.err = jpeg_std_error(&err.pub);
        err.pub.error_exit = onError;
        err.pub.output_message = onMessage;
        if (setjmp(err.jump)) return false;
        jpeg_create_decompress(&cinfo);
        created = true;
        jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
        jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
        jpeg_read_header(&cinfo, TRUE);
        if (cinfo.num_components == 4 || exifOrientation(&cinfo) != 1) return false;
        cinfo.out_color_space = JCS_RGB;  // also from grayscale, as OpenCV asks
        cinfo.scale_num = 1;
        cinfo.scale_denom = static_cast<unsigned int>(scaleDenom);
        jpeg_start_decompress(&cinfo);
        return cinfo.output_components == 3;
    }

    /// Every row into pixels (output_width x output_height x 3 bytes).
    bool read(std::uint8_t* pixels) {
        if (setjmp(err.jump)) return false;
        const std::size_t stride = std::size_t(cinfo.output_width) * 3;
        JSAMPROW rows[8];
        while (cinfo.output_scanline < cinfo.output_height) {
            const JDIMENSION first = cinfo.output_scanline;
            const JDIMENSION want = std::min<JDIMENSION>(8, cinfo.output_height - first);
            for (JDIMENSION r = 0; r < want; ++r) rows[r] = pixels + (first + r) * stride;
            jpeg_read_scanlines(&cinfo, rows, want);
        }
        jpeg_finish_decompress(&cinfo);
        return true;
    }
};

}  // namespace

bool decodeJpegRgb(const std::uint8_t* data, std::size_t size, int scaleDenom, RgbImage& out) {
    Decompression d;
    if (!d.start(data, size, scaleDenom)) return false;
    RgbImage img;
    img.width = static_cast<int>(d.cinfo.output_width);
    img.height = static_cast<int>(d.cinfo.output_height);
    img.pixels.resize(std::size_t(img.width) * img.height * 3);
    if (!d.read(img.pixels.data())) return false;
    out = std::move(img);
    return true;
}

}  // namespace featurelab
