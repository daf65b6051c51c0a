// featurelab-cli scan: splits, classes and image counts of an ImageFolder tree.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/scan.h"

namespace featurelab::cli {

namespace {

struct ScanArgs {
    std::string dataDir;
    bool json = false;
};

int run(const ScanArgs& args) {
    const DatasetScan scan = scanImageFolder(args.dataDir);

    if (args.json) {
        nlohmann::ordered_json j;
        j["root"] = scan.root;
        j["classes"] = scan.classes;
        j["splits"] = nlohmann::json::array();
        for (const auto& s : scan.splits) {
            nlohmann::ordered_json js;
            js["name"] = s.name;
            js["folder"] = s.folder;
            js["labelled"] = s.labelled;
            js["images"] = s.images.size();
            if (s.labelled) {
                nlohmann::ordered_json per;
                for (std::size_t c = 0; c < scan.classes.size(); ++c)
                    per[scan.classes[c]] = s.perClass[c];
                js["per_class"] = per;
            }
            j["splits"].push_back(js);
        }
        j["skipped"] = nlohmann::json::array();
        for (const auto& k : scan.skipped)
            j["skipped"].push_back({{"path", k.path}, {"reason", k.reason}});
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";  // names need not be UTF-8
        return 0;
    }

    std::printf("Dataset %s\n", scan.root.c_str());
    std::printf("%zu classes: ", scan.classes.size());
    for (std::size_t c = 0; c < scan.classes.size(); ++c)
        std::printf("%s%s", c ? ", " : "", scan.classes[c].c_str());
    std::printf("\n\n%-8s", "split");
    for (const auto& c : scan.classes) std::printf(" %10.10s", c.c_str());
    std::printf(" %10s\n", "total");
    for (const auto& s : scan.splits) {
        std::printf("%-8s", s.name.c_str());
        for (std::size_t c = 0; c < scan.classes.size(); ++c) {
            if (s.labelled)
                std::printf(" %10zu", s.perClass[c]);
            else
                std::printf(" %10s", "-");
        }
        std::printf(" %10zu\n", s.images.size());
    }
    if (!scan.skipped.empty()) {
        std::printf("\n%zu files skipped:\n", scan.skipped.size());
        for (const auto& k : scan.skipped)
            std::printf("  %s: %s\n", k.path.c_str(), k.reason.c_str());
    }
    return 0;
}

}  // namespace

Command addScan(CLI::App& root) {
    auto args = std::make_shared<ScanArgs>();
    CLI::App* app = addCommand(root, "scan", "Splits, classes, image counts and skipped files",
                               "scan ../shared/data/dogscats --json");
    app->add_option("DATA_DIR", args->dataDir, "An ImageFolder tree: train/CLASS/*.jpg, ...")
        ->required()
        ->type_name("");  // the name says it all; CLI11 would add "TEXT"
    app->add_flag("--json", args->json, "Print JSON instead of a table");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
