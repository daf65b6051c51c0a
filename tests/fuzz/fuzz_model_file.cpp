// libFuzzer target: the trained-model file reader (recipe::loadModel), which rebuilds the
// architecture its metadata names and loads every tensor.
#include "fuzz_support.h"
#include "recipe/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.safetensors", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] { featurelab::recipe::loadModel(path); });
    return 0;
}
