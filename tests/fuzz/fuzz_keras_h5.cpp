// libFuzzer target: the Keras HDF5 weights importer (keras::read), HDF5 itself included.
#include "fuzz_support.h"
#include "models/keras_h5.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.h5", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] { featurelab::keras::read(path); });
    return 0;
}
