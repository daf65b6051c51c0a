// libFuzzer target: the safetensors weights reader (readSafetensors), metadata included.
#include <map>

#include "fuzz_support.h"
#include "models/weights_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.safetensors", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] {
        std::map<std::string, std::string> metadata;
        featurelab::readSafetensors(path, &metadata);
    });
    return 0;
}
