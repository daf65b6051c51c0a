// libFuzzer target: the image probe (header sizes, integrity) and, for what it accepts, the
// decoder (OpenCV underneath, with the engine's size limits).
#include "data/image.h"
#include "data/image_probe.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.img", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] {
        const featurelab::ImageProbe probe = featurelab::probeImageFile(path, true);
        if (!probe.ok()) return;
        featurelab::DecodeOptions o;
        o.maxPixels = 4'000'000;  // the probe's limit, lowered so one input stays fast
        featurelab::decodeImage(path, o);
    });
    return 0;
}
