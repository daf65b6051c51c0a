// featurelab-cli lr-find: the LR finder's sweep for one stage, its curve as CSV and the
// suggested LR (the engine's findLearningRate; the GUI's Find LR... runs the same).
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli_interrupt.h"
#include "cli_progress.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/files.h"
#include "featurelab/lr_finder.h"
#include "featurelab/recipe_config.h"
#include "featurelab/stages.h"

namespace featurelab::cli {

namespace {

struct LrFindArgs {
    RecipeConfig cfg;
    LrFindOptions sweep;
    std::string csv, optimizer;
    double lr = 0, weightDecay = -1, momentum = -1;
    int batchSize = 0;
    bool quiet = false;
};

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

int run(LrFindArgs args) {
    recipeStage(args.sweep.stage);  // an unknown stage is a usage error before anything loads
    StageOverrides o;
    o.stage = args.sweep.stage;
    if (!args.optimizer.empty()) o.optimizer = args.optimizer;
    if (args.batchSize > 0) o.batchSize = args.batchSize;
    if (args.weightDecay >= 0) o.weightDecay = args.weightDecay;
    if (args.momentum >= 0) o.momentum = args.momentum;
    LrFindOptions options = args.sweep;
    options.run = buildRecipeConfig(args.cfg, {o});
    ConsoleObserver observer(args.quiet);
    const LrFindResult r = findLearningRate(options, JobControl{&cancelOnInterrupt(), &observer});
    observer.finish();
    if (!args.csv.empty()) {
        std::string text = "lr,loss,smoothed_loss\n";
        for (std::size_t i = 0; i < r.lrs.size(); ++i)
            text += number(r.lrs[i]) + "," + number(r.losses[i]) + "," +
                    number(r.smoothedLosses[i]) + "\n";
        writeFileAtomically(args.csv, text);
        std::printf("Wrote %s (%zu steps%s)\n", args.csv.c_str(), r.lrs.size(),
                    r.diverged ? ", stopped when the loss blew up" : "");
    }
    std::printf("Suggested LR for stage %s: %s (%s)\n", r.stage.c_str(),
                number(r.suggestedLr).c_str(), r.method.c_str());
    return 0;
}

std::string stageNames() {
    std::string out;
    for (const auto& n : recipeStageNames()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

Command addLrFind(CLI::App& root) {
    auto args = std::make_shared<LrFindArgs>();
    RecipeConfig& cfg = args->cfg;
    LrFindOptions& s = args->sweep;
    CLI::App* app = addCommand(
        root, "lr-find",
        "The LR finder: an exponential LR sweep over one stage's batches (the model is not "
        "changed); writes the loss curve and suggests an LR",
        "lr-find --data ../shared/data/dogscats --backbone "
        "mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5 \\\n      --stage last --csv /tmp/lr.csv");
    app->add_option("--data", cfg.dataDir, "An ImageFolder tree (train/, [valid/])")
        ->required()
        ->type_name("DIR");
    app->add_option("--backbone", cfg.backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    app->add_option("--stage", s.stage, "The stage to sweep: " + stageNames())
        ->required()
        ->type_name("STAGE");
    app->add_option("--csv", args->csv, "Write lr,loss,smoothed_loss, one row per step")
        ->type_name("OUT");
    app->add_option("--start-lr", s.startLr, "The sweep's first LR")
        ->capture_default_str()
        ->type_name("LR");
    app->add_option("--end-lr", s.endLr, "The sweep's last LR (at most 1000)")
        ->capture_default_str()
        ->type_name("LR");
    app->add_option("--iterations", s.iterations, "Steps (batches), 2..10000")
        ->check(bounds(2, 10000))
        ->capture_default_str()
        ->type_name("N");
    app->add_option("--optimizer", args->optimizer, "sgd, rmsprop or adam (default: the stage's)")
        ->type_name("NAME");
    app->add_option("--batch-size", args->batchSize, "Images per batch (default: the stage's)")
        ->check(bounds(1, kMaxBatchSize))
        ->type_name("N");
    app->add_option("--weight-decay", args->weightDecay, "Weight decay, 0..1")
        ->check(bounds(0.0, 1.0))
        ->type_name("WD");
    app->add_option("--momentum", args->momentum, "SGD momentum, 0..1")
        ->check(bounds(0.0, 1.0))
        ->type_name("M");
    app->add_option("--seed", cfg.seed, "Random seed")->capture_default_str()->type_name("N");
    app->add_option("--cache-dir", cfg.cacheDir, "Feature cache folder (default: per user)")
        ->type_name("DIR");
    addWorkers(*app, cfg.workers);
    addThreads(*app, cfg.threads);
    app->add_flag("--quiet", args->quiet, "Only the result lines");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
