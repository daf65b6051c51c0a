// libFuzzer target: torch.save zip archives through the restricted unpickler
// (readTorchSaveStateDict).
#include "fuzz_support.h"
#include "models/weights_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzzsupport::writeInput("input.pt", data, size);
    fuzzsupport::expectOnlyFeaturelabErrors([&] { featurelab::readTorchSaveStateDict(path); });
    return 0;
}
