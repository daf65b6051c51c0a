// Cheap checks of an image file without decoding it: format by magic bytes, size, header
// dimensions and whether the file looks complete.
#pragma once

#include <cstdint>
#include <string>

#include "featurelab/scan.h"

namespace featurelab {

struct ImageProbe {
    ImageFormat format = ImageFormat::Unknown;
    std::uint64_t sizeBytes = 0;
    std::int64_t mtimeNs = 0;
    int width = 0;  // from the header; 0 when the header does not say or was not parsed
    int height = 0;
    std::string problem;  // empty when the file looks like a usable image
    bool ok() const { return problem.empty(); }
};

/// Never throws for a bad file: problem says what is wrong ("zero bytes", "not an image",
/// "truncated or corrupt: ...", "unreadable: ...").
ImageProbe probeImageFile(const std::string& path, bool checkIntegrity);

}  // namespace featurelab
