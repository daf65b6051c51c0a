// featurelab-cli show: a finished run folder's stage table and confusion matrix, read back
// without training (openRun).
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli_hints.h"
#include "cli_stage_table.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"

namespace featurelab::cli {

namespace {

int run(const std::string& dir) {
    const RecipeResult r = openRun(dir);
    std::printf("Run %s: %s on %s (%s)\n", dir.c_str(), r.backbone.c_str(),
                r.dataDir.empty() ? "an unrecorded data folder" : r.dataDir.c_str(),
                r.runtime.c_str());
    printStageTable(r, dir);
    if (!r.stoppedDuring.empty())
        std::printf("Stopped during %s: %zu of %zu planned stages finished. %s\n",
                    r.stoppedDuring.c_str(), r.stages.size(), r.plannedStages.size(),
                    hintAsFlags({HintAction::ResumeRun, dir}).c_str());
    std::size_t width = 9;  // "predicted"
    for (const auto& c : r.classes) width = std::max(width, c.size());
    std::printf("\nconfusion (rows: true, columns: predicted)\n%*s", int(width), "");
    for (const auto& c : r.classes) std::printf(" %*s", int(width), c.c_str());
    std::printf("\n");
    for (std::size_t t = 0; t < r.classes.size(); ++t) {
        std::printf("%*s", int(width), r.classes[t].c_str());
        for (const auto n : r.confusion.counts[t]) std::printf(" %*lld", int(width), (long long)n);
        std::printf("\n");
    }
    return 0;
}

}  // namespace

Command addShow(CLI::App& root) {
    auto dir = std::make_shared<std::string>();
    CLI::App* app = addCommand(root, "show", "A finished run's stage table and confusion matrix",
                               "show /tmp/run1");
    app->add_option("RUN_DIR", *dir, "A run folder written by recipe (or the GUI)")
        ->required()
        ->type_name("");
    return {app, [dir] { return run(*dir); }};
}

}  // namespace featurelab::cli
