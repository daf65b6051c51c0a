// featurelab-cli predict: a saved model applied to images, written as path,predicted,<probs>.
#include <cstdio>

#include "cli_args.h"
#include "cli_progress.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "featurelab/recipe.h"

namespace featurelab::cli {

int runPredict(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {"quiet", "submission"});
    args.rejectUnknown({"model", "data", "csv", "workers", "threads", "batch-size", "quiet",
                        "submission", "clip"});
    PredictConfig cfg;
    cfg.modelFile = args.require("model");
    cfg.input = args.require("data");
    const std::string csv = args.require("csv");
    cfg.workers = args.getInt("workers", 2);
    cfg.threads = args.getInt("threads", 0);
    cfg.batchSize = args.getInt("batch-size", 64);
    ConsoleObserver observer(args.has("quiet"));
    const PredictResult r = predictImages(cfg, observer);
    observer.finish();
    if (args.has("submission"))  // Kaggle: id,label (or id,<classes> beyond two classes)
        writeSubmissionCsv(csv, r.rows, r.classes, args.getDouble("clip", 0));
    else
        writePredictionsCsv(csv, r.rows, r.classes, false);
    std::vector<std::size_t> perClass(r.classes.size(), 0);
    for (const auto& row : r.rows)
        if (row.predicted >= 0) ++perClass[static_cast<std::size_t>(row.predicted)];
    std::printf("%zu images -> %s (model: %s, stage %s; %s)\n", r.rows.size(), csv.c_str(),
                r.architecture.c_str(), r.stage.c_str(), r.runtime.c_str());
    for (std::size_t c = 0; c < r.classes.size(); ++c)
        std::printf("  %-12s %zu\n", r.classes[c].c_str(), perClass[c]);
    for (const auto& s : r.skipped)
        std::printf("  skipped %s: %s\n", s.path.c_str(), s.reason.c_str());
    return 0;
}

}  // namespace featurelab::cli
