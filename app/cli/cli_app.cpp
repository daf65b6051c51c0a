// Shared CLI11 set-up for featurelab-cli commands: descriptions, examples, bounds, suggestions.
#include "cli_app.h"

namespace featurelab::cli {

std::string exitCodesText() {
    return "Exit codes: 0 done, 1 the job failed, 2 usage error, 130 interrupted (Ctrl-C).";
}

CLI::App* addCommand(CLI::App& root, const std::string& name, const std::string& description,
                     const std::string& example) {
    CLI::App* app = root.add_subcommand(name, description);
    app->footer("Example:\n  featurelab-cli " + example + "\n\n" + exitCodesText());
    return app;
}

CLI::Option* addWorkers(CLI::App& app, int& workers) {
    return app.add_option("--workers", workers, "Image decode workers, 1..64")
        ->check(bounds(1, 64))
        ->capture_default_str()
        ->type_name("N");
}

CLI::Option* addThreads(CLI::App& app, int& threads) {
    return app.add_option("--threads", threads, "LibTorch threads, 0..256 (0: one per core)")
        ->check(bounds(0, 256))
        ->capture_default_str()
        ->type_name("N");
}

CLI::Option* addBatchSize(CLI::App& app, const std::string& name, int& batch) {
    return app.add_option(name, batch, "Images per batch, 1..4096")
        ->check(bounds(1, 4096))
        ->capture_default_str()
        ->type_name("N");
}

std::vector<std::string> optionNames(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app.get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
    return names;
}

}  // namespace featurelab::cli
