// featurelab-cli show: a finished run folder's stage table and confusion matrix, read back
// without training (openRun).
#include <algorithm>
#include <cstdio>

#include "cli_args.h"
#include "cli_stage_table.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"

namespace featurelab::cli {

int runShow(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {});
    args.rejectUnknown({});
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::InvalidArgument, "show takes one run folder: show RUN_DIR");
    const std::string dir = args.positionals().front();
    const RecipeResult r = openRun(dir);
    std::printf("Run %s: %s on %s (%s)\n", dir.c_str(), r.backbone.c_str(),
                r.dataDir.empty() ? "an unrecorded data folder" : r.dataDir.c_str(),
                r.runtime.c_str());
    printStageTable(r, dir);
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

}  // namespace featurelab::cli
