// libFuzzer target: a run folder's text files read back by openRun and the run history. The input holds
// metrics.json, valid_predictions.csv and views.json separated by NUL bytes (a part that is
// absent leaves its file out), so the fuzzer can mutate each and their agreement.
#include <filesystem>

#include "featurelab/run_folder.h"
#include "featurelab/run_history.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fs = std::filesystem;
    const fs::path dir = fuzzsupport::workDir() / "run";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    const char* names[] = {"run/metrics.json", "run/valid_predictions.csv", "run/views.json"};
    std::size_t start = 0;
    for (int part = 0; part < 3 && start <= size; ++part) {
        std::size_t end = start;
        while (end < size && data[end] != 0) ++end;
        fuzzsupport::writeInput(names[part], data + start, end - start);
        start = end + 1;
    }
    fuzzsupport::expectOnlyFeaturelabErrors([&] { featurelab::openRun(dir.string()); });
    // The run history reads the same metrics.json: a row saying why, or a record, never a crash.
    fuzzsupport::expectOnlyFeaturelabErrors([&] {
        featurelab::listRuns({dir.parent_path().string()});
        const featurelab::RecipeResult r = featurelab::readRunRecord(dir.string());
        featurelab::compareRunSettings({r, r});
    });
    return 0;
}
