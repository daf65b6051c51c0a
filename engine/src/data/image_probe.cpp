// Image file probing by magic bytes and header fields (no pixel decoding).
#include "data/image_probe.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace featurelab {

ImageFormat sniffImageFormat(const unsigned char* b, std::size_t n) {
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::Jpeg;
    if (n >= 8 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return ImageFormat::Png;
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') return ImageFormat::Bmp;
    if (n >= 12 && std::memcmp(b, "RIFF", 4) == 0 && std::memcmp(b + 8, "WEBP", 4) == 0)
        return ImageFormat::WebP;
    if (n >= 4 && (std::memcmp(b, "II*\0", 4) == 0 || std::memcmp(b, "MM\0*", 4) == 0))
        return ImageFormat::Tiff;
    return ImageFormat::Unknown;
}

namespace {

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           p[3];
}
std::uint16_t be16(const unsigned char* p) { return std::uint16_t((p[0] << 8) | p[1]); }
std::int32_t le32(const unsigned char* p) {
    return std::int32_t(std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                        (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24));
}

/// Walks JPEG markers up to the first SOFn to read the frame size.
bool jpegSize(const std::vector<unsigned char>& h, int& w, int& hgt) {
    std::size_t i = 2;
    while (i + 9 < h.size()) {
        if (h[i] != 0xFF) return false;
        const unsigned char m = h[i + 1];
        if (m == 0xFF) {
            ++i;
            continue;
        }
        const std::size_t len = be16(&h[i + 2]);
        const bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof) {
            hgt = be16(&h[i + 5]);
            w = be16(&h[i + 7]);
            return true;
        }
        i += 2 + len;
    }
    return false;
}

bool tailContains(const std::vector<unsigned char>& tail, const char* pat, std::size_t n) {
    if (tail.size() < n) return false;
    for (std::size_t i = 0; i + n <= tail.size(); ++i)
        if (std::memcmp(&tail[i], pat, n) == 0) return true;
    return false;
}

}  // namespace

ImageProbe probeImageFile(const std::string& path, bool checkIntegrity) {
    ImageProbe r;
    std::error_code ec;
    const fs::path p = fs::u8path(path);
    r.sizeBytes = fs::file_size(p, ec);
    if (ec) {
        r.problem = "unreadable: " + ec.message();
        return r;
    }
    const auto mtime = fs::last_write_time(p, ec);
    if (!ec) r.mtimeNs = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    if (r.sizeBytes == 0) {
        r.problem = "zero bytes";
        return r;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        r.problem = std::string("unreadable: ") + std::strerror(errno);
        return r;
    }
    std::vector<unsigned char> head(std::min<std::uint64_t>(r.sizeBytes, 64 * 1024));
    in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
    if (in.gcount() != static_cast<std::streamsize>(head.size())) {
        r.problem = "unreadable: short read";
        return r;
    }
    r.format = sniffImageFormat(head.data(), head.size());
    if (r.format == ImageFormat::Unknown) {
        r.problem = "not an image (unrecognised content)";
        return r;
    }
    switch (r.format) {
        case ImageFormat::Jpeg:
            if (!jpegSize(head, r.width, r.height) && head.size() == r.sizeBytes)
                r.problem = "truncated or corrupt: no JPEG frame header";
            break;
        case ImageFormat::Png:
            if (head.size() >= 24 && std::memcmp(&head[12], "IHDR", 4) == 0) {
                r.width = static_cast<int>(be32(&head[16]));
                r.height = static_cast<int>(be32(&head[20]));
            } else {
                r.problem = "truncated or corrupt: no PNG header chunk";
            }
            break;
        case ImageFormat::Bmp:
            if (head.size() >= 26) {
                r.width = std::abs(le32(&head[18]));
                r.height = std::abs(le32(&head[22]));
            } else {
                r.problem = "truncated or corrupt: short BMP header";
            }
            break;
        default: break;
    }
    if (!r.ok() || !checkIntegrity) return r;

    // A complete JPEG ends with an EOI marker and a complete PNG with an IEND chunk; cameras
    // may append a few bytes after them, so look at the last 4 KiB rather than the last bytes.
    const std::uint64_t tailLen = std::min<std::uint64_t>(r.sizeBytes, 4096);
    std::vector<unsigned char> tail(tailLen);
    in.clear();
    in.seekg(static_cast<std::streamoff>(r.sizeBytes - tailLen));
    in.read(reinterpret_cast<char*>(tail.data()), static_cast<std::streamsize>(tailLen));
    if (r.format == ImageFormat::Jpeg && !tailContains(tail, "\xFF\xD9", 2))
        r.problem = "truncated or corrupt: JPEG has no end marker";
    else if (r.format == ImageFormat::Png && !tailContains(tail, "IEND", 4))
        r.problem = "truncated or corrupt: PNG has no IEND chunk";
    else if (r.format == ImageFormat::Bmp && head.size() >= 6 &&
             static_cast<std::uint64_t>(le32(&head[2])) > r.sizeBytes)
        r.problem = "truncated or corrupt: BMP shorter than its header says";
    else if (r.format == ImageFormat::WebP && head.size() >= 8 &&
             static_cast<std::uint64_t>(le32(&head[4])) + 8 > r.sizeBytes)
        r.problem = "truncated or corrupt: WebP shorter than its header says";
    return r;
}

}  // namespace featurelab
