// featurelab-cli recipe: the lesson's four stages on an ImageFolder, a stage table, RUN_DIR.
#include <cstdio>
#include <sstream>

#include "cli_args.h"
#include "cli_progress.h"
#include "cli_stage_table.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"

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

/// "--lr 0.01" sets every stage; "--lr 0.01,1e-3,1e-4,1e-5" sets them in order.
template <typename Set>
void perStage(const CliArgs& args, const std::string& key, std::vector<StageConfig>& stages,
              Set set) {
    if (!args.has(key)) return;
    const auto values = splitList(args.get(key));
    if (values.size() != 1 && values.size() != stages.size())
        throw Error(ErrorCode::InvalidArgument, "--" + key + " takes one value or one per stage (" +
                                                    std::to_string(stages.size()) + "), got " +
                                                    std::to_string(values.size()) + ".");
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const std::string& v = values.size() == 1 ? values[0] : values[i];
        try {
            std::size_t pos = 0;
            set(stages[i], v, pos);
            if (pos != v.size()) throw std::invalid_argument(v);
        } catch (const std::logic_error&) {
            throw Error(ErrorCode::InvalidArgument, "--" + key + ": '" + v + "' is not valid.");
        }
    }
}

void printTable(const RecipeResult& r, const std::string& outDir) {
    printStageTable(r, outDir);
    std::printf(
        "Wrote %s/{metrics.json,confusion.csv,valid_predictions.csv,views.json,"
        "model.safetensors%s}\n",
        outDir.c_str(), r.test.empty() ? "" : ",submission.csv");
}

}  // namespace

int runRecipe(int argc, char** argv) {
    const std::set<std::string> flags{"resume", "no-augment", "quiet"};
    CliArgs args(argc, argv, 0, flags);
    args.rejectUnknown({"data",       "backbone",     "stages",    "epochs",        "lr",
                        "seed",       "out",          "resume",    "workers",       "threads",
                        "batch-size", "optimizer",    "cache-dir", "from-layer",    "clip",
                        "no-augment", "weight-decay", "momentum",  "class-weights", "views",
                        "quiet"});
    if (!args.positionals().empty())
        throw Error(ErrorCode::InvalidArgument,
                    "recipe takes no positional arguments ('" + args.positionals()[0] + "').");
    RecipeConfig cfg;
    cfg.dataDir = args.require("data");
    cfg.backbone = args.require("backbone");
    cfg.outDir = args.require("out");
    for (const auto& name : splitList(args.get("stages", "linear,last,dense,conv")))
        cfg.stages.push_back(RecipeConfig::defaultStage(name));
    perStage(args, "epochs", cfg.stages,
             [](StageConfig& s, const std::string& v, std::size_t& pos) {
                 s.epochs = std::stoi(v, &pos);
             });
    perStage(args, "lr", cfg.stages, [](StageConfig& s, const std::string& v, std::size_t& pos) {
        s.lr = std::stod(v, &pos);
        s.lrSteps.clear();  // an explicit LR is the LR
    });
    perStage(args, "batch-size", cfg.stages,
             [](StageConfig& s, const std::string& v, std::size_t& pos) {
                 s.batchSize = std::stoi(v, &pos);
             });
    perStage(args, "weight-decay", cfg.stages,
             [](StageConfig& s, const std::string& v, std::size_t& pos) {
                 s.weightDecay = std::stod(v, &pos);
             });
    perStage(args, "momentum", cfg.stages,
             [](StageConfig& s, const std::string& v, std::size_t& pos) {
                 s.momentum = std::stod(v, &pos);
             });
    perStage(args, "optimizer", cfg.stages,
             [](StageConfig& s, const std::string& v, std::size_t& pos) {
                 s.optimizer = v;
                 pos = v.size();
             });
    for (auto& s : cfg.stages) {
        if (s.name == "conv" && args.has("from-layer")) s.fromLayer = args.get("from-layer");
        if (s.name == "conv" && args.has("no-augment")) s.augment = false;
    }
    cfg.seed = static_cast<std::uint64_t>(args.getInt("seed", 42));
    cfg.workers = args.getInt("workers", 2);
    cfg.threads = args.getInt("threads", 0);
    cfg.cacheDir = args.get("cache-dir");
    cfg.resume = args.has("resume");
    cfg.submissionClip = args.getDouble("clip", 0.0);
    cfg.viewSize = static_cast<std::size_t>(args.getInt("views", 8));
    for (const auto& w : splitList(args.get("class-weights"))) {
        try {
            cfg.classWeights.push_back(std::stof(w));
        } catch (const std::logic_error&) {
            throw Error(ErrorCode::InvalidArgument,
                        "--class-weights: '" + w + "' is not a number.");
        }
    }

    ConsoleObserver observer(args.has("quiet"));
    const RecipeResult r = featurelab::runRecipe(cfg, observer);
    observer.finish();
    std::printf("Backbone %s on %s (%s)\n", cfg.backbone.c_str(), cfg.dataDir.c_str(),
                r.runtime.c_str());
    printTable(r, cfg.outDir);
    return 0;
}

}  // namespace featurelab::cli
