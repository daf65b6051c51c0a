// featurelab-cli predict: a saved model applied to images, written as path,predicted,<probs>.
#include <cstdio>
#include <memory>

#include "cli_interrupt.h"
#include "cli_progress.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "featurelab/predict.h"
#include "featurelab/recipe.h"

namespace featurelab::cli {

namespace {

struct PredictArgs {
    PredictConfig cfg;
    std::string csv;
    bool quiet = false, submission = false;
    double clip = 0;
};

int run(const PredictArgs& args) {
    const PredictConfig& cfg = args.cfg;
    const std::string& csv = args.csv;
    ConsoleObserver observer(args.quiet);
    const PredictResult r = predictImages(cfg, JobControl{&cancelOnInterrupt(), &observer});
    observer.finish();
    if (args.submission)  // Kaggle: id,label (or id,<classes> beyond two classes)
        writeSubmissionCsv(csv, r.rows, r.classes, args.clip);
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

}  // namespace

Command addPredict(CLI::App& root) {
    auto args = std::make_shared<PredictArgs>();
    CLI::App* app = addCommand(root, "predict", "A saved model's predictions for a folder, as CSV",
                               "predict --model /tmp/run1 --data test/ --csv sub.csv --submission");
    app->add_option("--model", args->cfg.modelFile,
                    "RUN_DIR, MODEL.safetensors or an exported MODEL.h5")
        ->required()
        ->type_name("MODEL");
    app->add_option("--data", args->cfg.input, "An image or a folder (read recursively)")
        ->required()
        ->type_name("PATH");
    app->add_option("--csv", args->csv, "Output: path,predicted,<probabilities>")
        ->required()
        ->type_name("FILE");
    app->add_flag("--submission", args->submission, "Write Kaggle's id,label instead");
    app->add_option("--clip", args->clip,
                    "With --submission: clip probabilities to [C, 1-C], C in 0..0.49")
        ->check(bounds(0.0, 0.49))
        ->type_name("C");
    addWorkers(*app, args->cfg.workers);
    addThreads(*app, args->cfg.threads);
    addBatchSize(*app, "--batch-size", args->cfg.batchSize);
    app->add_flag("--quiet", args->quiet, "No progress lines");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
