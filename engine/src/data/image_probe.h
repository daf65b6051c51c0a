// Cheap checks of an image file without decoding it: format by magic bytes, size, header
// dimensions and whether the file looks complete.
#pragma once

#include <cstdint>
#include <string>

#include "featurelab/scan.h"

namespace featurelab {

/// Files larger than this are refused before they are read: no photo a backbone sees is near
/// it, and decoding reads the whole file into memory.
constexpr std::uint64_t kMaxImageBytes = 256ull << 20;

struct ImageProbe {
    ImageFormat format = ImageFormat::Unknown;
    std::uint64_t sizeBytes = 0;
    std::int64_t mtimeNs = 0;
    int width = 0;        // from the header (JPEG's first frame header wherever it is, PNG, BMP,
    int height = 0;       // WebP, TIFF's first directory); always > 0 when ok()
    std::string problem;  // empty when the file looks like a usable image
    bool ok() const { return problem.empty(); }
};

/// Never throws for a bad file: problem says what is wrong ("zero bytes", "not an image",
/// "truncated or corrupt: ...", "unreadable: ...", "too large: ... bytes"). Callers compare
/// width x height with their pixel limit before decoding.
ImageProbe probeImageFile(const std::string& path, bool checkIntegrity);

}  // namespace featurelab
