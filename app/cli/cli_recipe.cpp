// featurelab-cli recipe: the lesson's four stages on an ImageFolder, a stage table, RUN_DIR.
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli_interrupt.h"
#include "cli_progress.h"
#include "cli_stage_table.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/recipe_config.h"
#include "featurelab/run_history.h"
#include "featurelab/stages.h"

namespace featurelab::cli {

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

/// The per-stage options, as typed: "--lr 0.01" sets every stage, "--lr 0.01,1e-3,1e-4,1e-5"
/// sets them in order.
struct StageLists {
    std::string epochs, lr, batchSize, weightDecay, momentum, optimizer;
};

/// Applies one per-stage list; each number must lie in [lo, hi] (a usage error otherwise).
template <typename Set>
void perStage(const std::string& key, const std::string& text, std::vector<StageOverrides>& stages,
              double lo, double hi, Set set) {
    if (text.empty()) return;
    const auto values = splitList(text);
    if (values.size() != 1 && values.size() != stages.size())
        throw Error(ErrorCode::InvalidArgument, "--" + key + " takes one value or one per stage (" +
                                                    std::to_string(stages.size()) + "), got " +
                                                    std::to_string(values.size()) + ".");
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const std::string& v = values.size() == 1 ? values[0] : values[i];
        double number = 0;
        try {
            std::size_t pos = 0;
            number = std::stod(v, &pos);
            if (pos != v.size()) throw std::invalid_argument(v);
        } catch (const std::logic_error&) {
            throw Error(ErrorCode::InvalidArgument, "--" + key + ": '" + v + "' is not valid.");
        }
        if (!(number >= lo && number <= hi))
            throw Error(ErrorCode::InvalidArgument, "--" + key + ": " + v + " is out of range (" +
                                                        CLI::detail::to_string(lo) + " to " +
                                                        CLI::detail::to_string(hi) + ").");
        set(stages[i], v);
    }
}

/// Whole numbers only (epochs, batch sizes): "2.5" is not valid.
int wholeNumber(const std::string& key, const std::string& v) {
    std::size_t pos = 0;
    const int n = std::stoi(v, &pos);
    if (pos != v.size())
        throw Error(ErrorCode::InvalidArgument, "--" + key + ": '" + v + "' is not valid.");
    return n;
}

void printTable(const RecipeResult& r, const std::string& outDir) {
    printStageTable(r, outDir);
    std::printf(
        "Wrote %s/{metrics.json,confusion.csv,valid_predictions.csv,views.json,"
        "model.safetensors%s}\n",
        outDir.c_str(), r.test.empty() ? "" : ",submission.csv");
}

struct RecipeArgs {
    RecipeConfig cfg;
    std::string stages, fromLayer, classWeights;
    StageLists lists;
    bool augment = false, noAugment = false, quiet = false, printConfig = false;
    int augmentCopies = -1;  // -1: the registry's default
};

/// The options as the user's overrides of the stage registry's defaults; the engine builds the
/// configuration from them (the GUI's Training panel goes through the same function).
std::vector<StageOverrides> stageOverrides(const RecipeArgs& args) {
    std::vector<StageOverrides> stages;
    for (const auto& name : splitList(args.stages)) {
        recipeStage(name);  // an unknown name fails before any number is parsed
        stages.push_back(StageOverrides{});
        stages.back().stage = name;
    }
    const StageLists& l = args.lists;
    perStage("epochs", l.epochs, stages, 1, kMaxEpochs,
             [](StageOverrides& s, const std::string& v) { s.epochs = wholeNumber("epochs", v); });
    perStage("lr", l.lr, stages, 1e-9, kMaxLr,
             [](StageOverrides& s, const std::string& v) { s.lr = std::stod(v); });
    perStage("batch-size", l.batchSize, stages, 1, kMaxBatchSize,
             [](StageOverrides& s, const std::string& v) {
                 s.batchSize = wholeNumber("batch-size", v);
             });
    perStage("weight-decay", l.weightDecay, stages, 0, 1,
             [](StageOverrides& s, const std::string& v) { s.weightDecay = std::stod(v); });
    perStage("momentum", l.momentum, stages, 0, 1,
             [](StageOverrides& s, const std::string& v) { s.momentum = std::stod(v); });
    if (!l.optimizer.empty()) {
        const auto names = splitList(l.optimizer);
        if (names.size() != 1 && names.size() != stages.size())
            throw Error(ErrorCode::InvalidArgument,
                        "--optimizer takes one value or one per stage (" +
                            std::to_string(stages.size()) + "), got " +
                            std::to_string(names.size()) + ".");
        for (std::size_t i = 0; i < stages.size(); ++i)
            stages[i].optimizer = names.size() == 1 ? names[0] : names[i];
    }
    for (auto& s : stages) {
        if (s.stage == "conv" && !args.fromLayer.empty()) s.fromLayer = args.fromLayer;
        if (s.stage != "conv") continue;
        if (args.augment || args.augmentCopies > 0) s.augment = true;
        if (args.noAugment) s.augment = false;
        if (args.augmentCopies >= 0) s.augmentCopies = args.augmentCopies;
    }
    return stages;
}

int run(RecipeArgs args) {
    for (const auto& w : splitList(args.classWeights)) {
        try {
            args.cfg.classWeights.push_back(std::stof(w));
        } catch (const std::logic_error&) {
            throw Error(ErrorCode::InvalidArgument,
                        "--class-weights: '" + w + "' is not a number.");
        }
    }
    const RecipeConfig cfg = buildRecipeConfig(args.cfg, stageOverrides(args));
    if (args.printConfig) {
        std::fputs(recipeConfigJson(cfg).c_str(), stdout);
        return 0;
    }

    RecipeConfig config = cfg;
    // Without --out (and without --resume, which needs the folder it continues): a new folder
    // in the runs folder the GUI lists too.
    const bool newFolder = config.outDir.empty() && !config.resume;
    if (newFolder) {
        config.outDir = createRunFolder(config.dataDir, config.backbone);
        std::printf("Run folder %s\n", config.outDir.c_str());
    }
    ConsoleObserver observer(args.quiet);
    RecipeResult r;
    try {
        r = featurelab::runRecipe(config, JobControl{&cancelOnInterrupt(), &observer});
    } catch (const Error&) {
        if (newFolder) removeUnusedRunFolder(config.outDir);  // failed before its first stage
        throw;
    }
    observer.finish();
    std::printf("Backbone %s on %s (%s)\n", config.backbone.c_str(), config.dataDir.c_str(),
                r.runtime.c_str());
    printTable(r, config.outDir);
    return 0;
}

/// The stage registry for --help: each stage, what it trains and its defaults.
std::string stagesHelp() {
    std::string text = "Stages, in ladder order (each starts from the previous one's weights):";
    for (const StageInfo& s : recipeStages()) {
        const StageConfig& d = s.defaults;
        std::string lr = CLI::detail::to_string(d.lr);
        for (const auto& [epoch, factor] : d.lrSteps)
            lr += ", x" + CLI::detail::to_string(factor) + " from epoch " + std::to_string(epoch);
        text += "\n  " + s.name + std::string(s.name.size() < 8 ? 8 - s.name.size() : 1, ' ') +
                s.description + ".\n          Defaults: " + d.optimizer + ", LR " + lr + ", " +
                std::to_string(d.epochs) + " epochs, batch " + std::to_string(d.batchSize) +
                (d.augment ? d.augmentCopies > 0
                                 ? ", " + std::to_string(d.augmentCopies) + " augmented copies"
                                 : std::string(", augmented images")
                           : std::string()) +
                ".";
    }
    return text;
}

std::string joined(const std::vector<std::string>& names, const std::string& separator) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : separator) + n;
    return out;
}

}  // namespace

Command addRecipe(CLI::App& root) {
    auto args = std::make_shared<RecipeArgs>();
    args->stages = joined(recipeStageNames(), ",");
    RecipeConfig& cfg = args->cfg;
    StageLists& l = args->lists;
    CLI::App* app = addCommand(
        root, "recipe",
        "The lesson's stages (" + joined(recipeStageNames(), ", ") + ") on an ImageFolder",
        "recipe --data ../shared/data/dogscats --backbone mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5"
        " \\\n      --stages linear,last --epochs 2 --out /tmp/run1");
    app->add_option("--data", cfg.dataDir, "An ImageFolder tree (train/, [valid/], [test/])")
        ->required()
        ->type_name("DIR");
    app->add_option("--backbone", cfg.backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    CLI::Option* out =
        app->add_option(
               "--out", cfg.outDir,
               "RUN_DIR for metrics, predictions and the model; default: a new folder in " +
                   defaultRunsRoot() + " (listed by 'featurelab-cli runs' and the GUI)")
            ->type_name("RUN_DIR");
    app->add_option("--stages", args->stages, "Stages to run, in order (see Stages below)")
        ->capture_default_str()
        ->type_name("LIST");
    const std::string each = " (one value, or one per stage: a,b,...)";
    app->add_option("--epochs", l.epochs, "Epochs, 1.." + std::to_string(kMaxEpochs) + each)
        ->type_name("N[,N...]");
    app->add_option("--lr", l.lr, "Learning rate" + each)->type_name("LR[,LR...]");
    app->add_option("--batch-size", l.batchSize,
                    "Batch size, 1.." + std::to_string(kMaxBatchSize) + each)
        ->type_name("N[,N...]");
    app->add_option("--optimizer", l.optimizer, "sgd, rmsprop or adam" + each)
        ->type_name("NAME[,NAME...]");
    app->add_option("--weight-decay", l.weightDecay, "Weight decay, 0..1" + each)
        ->type_name("WD[,WD...]");
    app->add_option("--momentum", l.momentum, "SGD momentum, 0..1" + each)->type_name("M[,M...]");
    app->add_option("--from-layer", args->fromLayer, "conv: train this layer and all after it")
        ->type_name("LAYER");
    auto* augment = app->add_flag("--augment", args->augment,
                                  "conv: train on random crops and flips of the images");
    auto* noAugment =
        app->add_flag("--no-augment", args->noAugment, "conv: no random crops and flips")
            ->excludes(augment);
    app->add_option("--augment-copies", args->augmentCopies,
                    "conv, augmented: 0 decodes freshly augmented images every epoch; K (1.." +
                        std::to_string(kMaxAugmentCopies) +
                        ") decodes K augmented copies once and trains on their cached features, "
                        "one copy an epoch (implies --augment)")
        ->check(bounds(0, kMaxAugmentCopies))
        ->excludes(noAugment)
        ->type_name("K");
    app->add_option("--seed", cfg.seed, "Random seed")->capture_default_str()->type_name("N");
    app->add_option("--valid-fraction", cfg.validFraction,
                    "Without valid/: the share of each class of train/ held out (seeded) for "
                    "validation, strictly between 0 and 1")
        ->check(CLI::Validator(
            [](std::string& text) {
                double f = 0;
                return CLI::detail::lexical_cast(text, f) && f > 0 && f < 1
                           ? std::string()
                           : "Value " + text + " not in range (0, 1)";
            },
            "", "fraction"))
        ->capture_default_str()
        ->type_name("F");
    app->add_option("--class-weights", args->classWeights, "Loss weights, one per class: a,b,...")
        ->type_name("W,W,...");
    app->add_option("--views", cfg.viewSize, "Images per inspection view, 1..1000")
        ->check(bounds(1, 1000))
        ->capture_default_str()
        ->type_name("K");
    app->add_option("--clip", cfg.submissionClip,
                    "Clip submission probabilities to [C, 1-C], C in 0..0.49")
        ->check(bounds(0.0, 0.49))
        ->type_name("C");
    app->add_option("--cache-dir", cfg.cacheDir,
                    "Feature cache folder; default: per user, under ~/.cache/featurelab")
        ->type_name("DIR");
    addWorkers(*app, cfg.workers);
    addThreads(*app, cfg.threads);
    app->add_flag("--resume", cfg.resume, "Continue after the last finished stage in --out")
        ->needs(out);
    app->add_flag("--quiet", args->quiet, "Only the epoch lines and the table");
    app->add_flag("--print-config", args->printConfig,
                  "Print the run's configuration (registry defaults plus these options) as "
                  "JSON and exit without training");
    app->footer(stagesHelp() + "\n\n" + app->get_footer());
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
