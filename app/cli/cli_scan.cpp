// featurelab-cli scan: splits, classes and image counts of an ImageFolder tree.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/scan.h"

namespace featurelab::cli {

int runScan(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {"json"});
    args.rejectUnknown({"json"});
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::InvalidArgument, "scan takes exactly one DATA_DIR.");
    const DatasetScan scan = scanImageFolder(args.positionals()[0]);

    if (args.has("json")) {
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
        std::cout << j.dump(2) << "\n";
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

}  // namespace featurelab::cli
