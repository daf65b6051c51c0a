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

namespace {
// No codec accepts more than 2^31 - 1 pixels per side; 0 means "unknown", never valid.
constexpr std::int64_t kMaxSide = 0x7fffffff;
}  // namespace

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

std::uint16_t le16(const unsigned char* p) { return std::uint16_t(p[0] | (p[1] << 8)); }

/// The open file and its first bytes, already read: header fields inside them are served
/// without a seek and a read each (a scan of 10,000 photos made 11 reads and 10 seeks per file).
struct Source {
    std::ifstream& in;
    const std::vector<unsigned char>& head;
};

/// Up to n bytes at pos into buf; how many there were.
std::size_t readSome(Source& src, std::uint64_t pos, unsigned char* buf, std::size_t n) {
    if (pos + n <= src.head.size()) {
        std::memcpy(buf, src.head.data() + pos, n);
        return n;
    }
    src.in.clear();
    src.in.seekg(static_cast<std::streamoff>(pos));
    src.in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(std::max<std::streamsize>(src.in.gcount(), 0));
}

/// Reads n bytes at pos; false when the file is shorter.
bool readAt(Source& src, std::uint64_t pos, unsigned char* buf, std::size_t n) {
    return readSome(src, pos, buf, n) == n;
}

/// Walks the JPEG's marker segments, through the whole file if need be (an EXIF thumbnail or
/// padding can push the frame header far beyond the first 64 KiB), to the first SOFn.
std::string jpegSize(Source& in, std::uint64_t size, std::int64_t& w, std::int64_t& h) {
    std::uint64_t pos = 2;
    for (int segments = 0; segments < 10000; ++segments) {
        unsigned char m[4];
        if (!readAt(in, pos, m, 2)) return "truncated or corrupt: no JPEG frame header";
        if (m[0] != 0xFF) {
            // libjpeg skips stray bytes before a marker (with a warning); so does the probe,
            // for a while.
            unsigned char skip[4096];
            const std::size_t got = readSome(in, pos, skip, sizeof skip);
            const auto* ff = static_cast<const unsigned char*>(std::memchr(skip, 0xFF, got));
            if (!ff) return "truncated or corrupt: JPEG marker expected";
            pos += std::uint64_t(ff - skip);
            continue;
        }
        const unsigned char marker = m[1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // no length field
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            return "truncated or corrupt: JPEG image data before its frame header";
        if (!readAt(in, pos + 2, m + 2, 2)) return "truncated or corrupt: no JPEG frame header";
        const std::uint16_t len = be16(m + 2);
        if (len < 2) return "truncated or corrupt: JPEG segment of length " + std::to_string(len);
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            unsigned char f[5];
            if (len < 7 || !readAt(in, pos + 4, f, 5))
                return "truncated or corrupt: short JPEG frame header";
            h = be16(f + 1);
            w = be16(f + 3);
            return {};
        }
        pos += 2 + std::uint64_t(len);
        if (pos >= size) break;
    }
    return "truncated or corrupt: no JPEG frame header";
}

/// The first image's size from a classic TIFF's first directory (ImageWidth 256, ImageLength
/// 257, SHORT or LONG).
std::string tiffSize(Source& in, std::uint64_t size, const unsigned char* head, std::int64_t& w,
                     std::int64_t& h) {
    const bool little = head[0] == 'I';
    auto u16 = [&](const unsigned char* p) { return little ? le16(p) : be16(p); };
    auto u32 = [&](const unsigned char* p) { return little ? std::uint32_t(le32(p)) : be32(p); };
    if (size < 8) return "truncated or corrupt: short TIFF header";
    const std::uint64_t ifd = u32(head + 4);
    unsigned char c[2];
    if (ifd < 8 || !readAt(in, ifd, c, 2)) return "truncated or corrupt: no TIFF directory";
    const std::uint16_t count = u16(c);
    if (count == 0 || count > 4096) return "truncated or corrupt: bad TIFF directory";
    std::vector<unsigned char> entries(std::size_t(count) * 12);
    if (!readAt(in, ifd + 2, entries.data(), entries.size()))
        return "truncated or corrupt: short TIFF directory";
    w = h = 0;
    for (std::uint16_t i = 0; i < count; ++i) {
        const unsigned char* e = &entries[std::size_t(i) * 12];
        const std::uint16_t tag = u16(e), type = u16(e + 2);
        if (tag != 256 && tag != 257) continue;
        std::int64_t v = -1;
        if (type == 3) v = u16(e + 8);
        if (type == 4) v = u32(e + 8);
        if (v < 0) return "truncated or corrupt: TIFF image size of an unexpected type";
        (tag == 256 ? w : h) = v;
    }
    if (w <= 0 || h <= 0) return "truncated or corrupt: TIFF without an image size";
    return {};
}

/// Lossy (VP8), lossless (VP8L) and extended (VP8X) WebP canvas sizes.
std::string webpSize(const std::vector<unsigned char>& b, std::int64_t& w, std::int64_t& h) {
    if (b.size() >= 30 && std::memcmp(&b[12], "VP8 ", 4) == 0) {
        if (b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a)
            return "truncated or corrupt: bad WebP frame header";
        w = le16(&b[26]) & 0x3fff;
        h = le16(&b[28]) & 0x3fff;
    } else if (b.size() >= 25 && std::memcmp(&b[12], "VP8L", 4) == 0) {
        if (b[20] != 0x2f) return "truncated or corrupt: bad lossless WebP header";
        const std::uint32_t bits = std::uint32_t(le32(&b[21]));
        w = 1 + (bits & 0x3fff);
        h = 1 + ((bits >> 14) & 0x3fff);
    } else if (b.size() >= 30 && std::memcmp(&b[12], "VP8X", 4) == 0) {
        w = 1 + (std::int64_t(b[24]) | (std::int64_t(b[25]) << 8) | (std::int64_t(b[26]) << 16));
        h = 1 + (std::int64_t(b[27]) | (std::int64_t(b[28]) << 8) | (std::int64_t(b[29]) << 16));
    } else {
        return "truncated or corrupt: no WebP image header";
    }
    return {};
}

/// BMP: BITMAPCOREHEADER (12 bytes, 16-bit sizes) or a later header (32-bit, signed height).
std::string bmpSize(const std::vector<unsigned char>& b, std::int64_t& w, std::int64_t& h) {
    if (b.size() < 26) return "truncated or corrupt: short BMP header";
    const std::uint32_t header = std::uint32_t(le32(&b[14]));
    if (header == 12) {
        w = le16(&b[18]);
        h = le16(&b[20]);
    } else {
        w = le32(&b[18]);
        h = le32(&b[22]);
        h = h < 0 ? -h : h;  // negative: rows stored top-down (int64, so INT_MIN is safe)
    }
    return {};
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
    if (!ec)
        r.mtimeNs =
            std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
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
    if (r.sizeBytes > kMaxImageBytes) {
        r.problem = "too large: " + std::to_string(r.sizeBytes) + " bytes, more than the " +
                    std::to_string(kMaxImageBytes >> 20) + " MB limit for one image";
        return r;
    }
    std::int64_t w = 0, h = 0;
    Source src{in, head};
    switch (r.format) {
        case ImageFormat::Jpeg:
            r.problem = jpegSize(src, r.sizeBytes, w, h);
            break;
        case ImageFormat::Png:
            if (head.size() >= 24 && std::memcmp(&head[12], "IHDR", 4) == 0) {
                w = be32(&head[16]);
                h = be32(&head[20]);
            } else {
                r.problem = "truncated or corrupt: no PNG header chunk";
            }
            break;
        case ImageFormat::Bmp:
            r.problem = bmpSize(head, w, h);
            break;
        case ImageFormat::WebP:
            r.problem = webpSize(head, w, h);
            break;
        case ImageFormat::Tiff:
            r.problem = tiffSize(src, r.sizeBytes, head.data(), w, h);
            break;
        default:
            break;
    }
    if (r.ok() && (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide))
        r.problem = "truncated or corrupt: the header says " + std::to_string(w) + "x" +
                    std::to_string(h) + " pixels";
    if (r.ok()) {
        r.width = static_cast<int>(w);
        r.height = static_cast<int>(h);
    }
    if (!r.ok() || !checkIntegrity) return r;

    // A complete JPEG ends with an EOI marker and a complete PNG with an IEND chunk; cameras
    // may append a few bytes after them, so look at the last 4 KiB rather than the last bytes.
    const std::uint64_t tailLen = std::min<std::uint64_t>(r.sizeBytes, 4096);
    std::vector<unsigned char> tail(tailLen);
    readSome(src, r.sizeBytes - tailLen, tail.data(), tailLen);
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
