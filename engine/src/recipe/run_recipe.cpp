// runRecipe: scan -> network -> stages (each from the previous one's weights, checkpointed,
// resumable) -> the best stage's evaluation, inspection views and RUN_DIR files.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>

#include <opencv2/core.hpp>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/runtime.h"
#include "inspection/evaluation.h"
#include "models/network.h"
#include "recipe/api_boundary.h"
#include "recipe/layer_choice.h"
#include "recipe/model_file.h"
#include "recipe/run_context.h"
#include "recipe/run_files.h"
#include "util/atomic_file.h"
#include "util/sha256.h"
#include "util/utc_time.h"

namespace featurelab {

namespace fs = std::filesystem;
using recipe::RunContext;
using recipe::StageOutput;

namespace {

torch::Tensor labelsOf(const std::vector<ImageEntry>& images) {
    std::vector<std::int64_t> l;
    for (const auto& e : images) l.push_back(e.label);
    return torch::tensor(l, torch::kInt64);
}

void setLists(RunContext& ctx, std::vector<ImageEntry> train, std::vector<ImageEntry> valid) {
    ctx.train = std::move(train);
    ctx.valid = std::move(valid);
    ctx.trainLabels = labelsOf(ctx.train);
    ctx.validLabels = labelsOf(ctx.valid);
}

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g%%", fraction * 100.0);
    return buf;
}

}  // namespace

// Shared with the LR finder (run_context.h), which trains a stage on the same data.
void recipe::prepareData(RunContext& ctx) {
    ctx.scan = scanImageFolder(ctx.config.dataDir, {}, JobControl{ctx.cancel, &ctx.observer});
    const SplitInfo* train = ctx.scan.split("train");
    const SplitInfo* valid = ctx.scan.split("valid");
    if (!train || train->images.empty())
        throw Error(ErrorCode::BadDataset, ctx.config.dataDir +
                                               ": the recipe needs images in train/ (one "
                                               "subfolder per class).");
    if (valid && valid->images.empty())
        throw Error(ErrorCode::BadDataset,
                    ctx.config.dataDir +
                        ": valid/ holds no images. Add some, or remove it to "
                        "hold out part of train/ for validation instead.");
    if (valid) {
        setLists(ctx, train->images, valid->images);
    } else {
        // No valid/: the engine holds out part of train/, the same way for every front end.
        const HeldOutSplit h =
            holdOutValidation(train->images, ctx.config.validFraction, ctx.config.seed);
        ctx.validSplit.heldOut = true;
        ctx.validSplit.fraction = ctx.config.validFraction;
        ctx.validSplit.seed = ctx.config.seed;
        ctx.validSplit.file = (fs::path(ctx.config.outDir) / recipe::kValidSplitFile).string();
        ctx.trainFingerprint = recipe::listingFingerprint(train->images);
        setLists(ctx, h.train, h.valid);
        ctx.observer.onMessage("No valid/ folder in " + ctx.config.dataDir + ": holding out " +
                               percent(ctx.validSplit.fraction) + " of each class of train/ (" +
                               std::to_string(ctx.valid.size()) + " of " +
                               std::to_string(train->images.size()) + " images, seed " +
                               std::to_string(ctx.validSplit.seed) +
                               ") for validation; listed in " + ctx.validSplit.file + ".");
    }
    ctx.validSplit.images = ctx.valid.size();
    if (const SplitInfo* test = ctx.scan.split("test")) ctx.test = test->images;
    if (!ctx.config.classWeights.empty() && ctx.config.classWeights.size() != ctx.numClasses())
        throw Error(ErrorCode::InvalidArgument,
                    "Class weights: " + std::to_string(ctx.config.classWeights.size()) +
                        " given for " + std::to_string(ctx.numClasses()) + " classes.");
    for (const auto& k : ctx.scan.skipped)
        ctx.observer.onMessage("Skipped " + k.path + ": " + k.reason);
}

std::string recipe::startRun(RunContext& ctx) {
    const RecipeConfig& config = ctx.config;
    if (!(config.validFraction > 0.0 && config.validFraction < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    "The validation fraction must lie between 0 and 1 (exclusive), got " +
                        std::to_string(config.validFraction) + ".");
    const RuntimeInfo rt = initRuntime(config.threads);
    ctx.device = torch::Device(rt.device);
    ctx.observer.onMessage("Device: " + rt.description);
    prepareData(ctx);
    torch::manual_seed(config.seed);  // a backbone without weights file is initialised randomly
    ctx.net = createNetwork(BackboneSpec::parse(config.backbone));
    return rt.description;
}

namespace {

/// A resumed run validates on the images its finished stages were validated on: when they were
/// held out of train/, the recorded list, drawn from a train/ listing that must not have
/// changed (else images it trained on could now be validation images, or the other way).
void resumeSplit(RunContext& ctx, const RecipeResult& saved, const ErrorHint& elsewhere) {
    const std::string& data = ctx.config.dataDir;
    const std::string& out = ctx.config.outDir;
    if (saved.validSplit.heldOut != ctx.validSplit.heldOut)
        throw Error(ErrorCode::InvalidArgument,
                    saved.validSplit.heldOut
                        ? out + " validated on images held out of train/, but " + data +
                              " now has a valid/ folder: the run cannot be resumed on this data."
                        : out + " validated on the valid/ folder of its data, and " + data +
                              " has none: the run cannot be resumed on this data.",
                    elsewhere);
    if (!saved.validSplit.heldOut) return;
    const std::string file = saved.validSplit.file.empty()
                                 ? (fs::path(out) / recipe::kValidSplitFile).string()
                                 : saved.validSplit.file;
    recipe::RecordedSplit recorded;
    try {
        recorded = recipe::readValidSplit(file);
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidArgument,
                    std::string(e.what()) + ": the run cannot be resumed without it.", elsewhere);
    }
    if (recorded.trainFingerprint != ctx.trainFingerprint)
        throw Error(ErrorCode::InvalidArgument,
                    "The images in train/ of " + data + " changed since " + out +
                        " held out its validation images from them: the run cannot be resumed "
                        "on this data.",
                    elsewhere);
    const std::set<std::string> held(recorded.heldOut.begin(), recorded.heldOut.end());
    std::vector<ImageEntry> train, valid;
    for (const ImageEntry& e : ctx.scan.split("train")->images)
        (held.count(e.relativePath) ? valid : train).push_back(e);
    if (valid.size() != held.size())
        throw Error(ErrorCode::InvalidArgument,
                    file + " names images that are not in train/ of " + data +
                        ": the run cannot be resumed on this data.",
                    elsewhere);
    std::sort(valid.begin(), valid.end(), [](const ImageEntry& a, const ImageEntry& b) {
        return a.relativePath < b.relativePath;
    });
    if (saved.validSplit.fraction != ctx.validSplit.fraction ||
        saved.validSplit.seed != ctx.validSplit.seed)
        ctx.observer.onMessage("Resuming with the run's own validation split (" +
                               percent(saved.validSplit.fraction) + ", seed " +
                               std::to_string(saved.validSplit.seed) + ", " +
                               std::to_string(valid.size()) + " images).");
    ctx.validSplit.fraction = saved.validSplit.fraction;
    ctx.validSplit.seed = saved.validSplit.seed;
    ctx.validSplit.images = valid.size();
    setLists(ctx, std::move(train), std::move(valid));
}

std::vector<PredictionRow> rowsOf(const std::vector<ImageEntry>& images,
                                  const torch::Tensor& probs) {
    std::vector<PredictionRow> rows;
    if (!probs.defined()) return rows;
    const auto p = probs.to(torch::kCPU).contiguous();
    const std::int64_t c = p.size(1);
    for (std::size_t i = 0; i < images.size() && static_cast<std::int64_t>(i) < p.size(0); ++i) {
        PredictionRow r;
        r.path = images[i].relativePath;
        r.trueLabel = images[i].label;
        const float* d = p.data_ptr<float>() + static_cast<std::int64_t>(i) * c;
        r.probs.assign(d, d + c);
        r.predicted = argmaxLabel(r.probs);
        rows.push_back(std::move(r));
    }
    return rows;
}

/// Completed stages of an earlier run in outDir that this config continues; loads the last
/// one's weights into the network.
std::size_t resumeFrom(RunContext& ctx, RecipeResult& result, std::vector<StageOutput>& outs) {
    RecipeResult saved;
    const std::string metrics = (fs::path(ctx.config.outDir) / "metrics.json").string();
    if (!recipe::readMetrics(metrics, saved)) {
        ctx.observer.onMessage("Nothing to resume in " + ctx.config.outDir + ": starting afresh.");
        return 0;
    }
    const std::vector<StageResult>& done = saved.stages;
    const ErrorHint elsewhere{HintAction::ChooseOutputFolder, ctx.config.outDir};
    if (saved.backbone != ctx.config.backbone || saved.classes != ctx.scan.classes)
        throw Error(ErrorCode::InvalidArgument,
                    ctx.config.outDir +
                        " holds a run with another backbone or classes: it cannot be resumed "
                        "with these.",
                    elsewhere);
    resumeSplit(ctx, saved, elsewhere);
    if (!saved.weightsSha256.empty() && saved.weightsSha256 != result.weightsSha256)
        throw Error(ErrorCode::InvalidArgument,
                    ctx.config.outDir + " was trained from another weights file than " +
                        BackboneSpec::parse(ctx.config.backbone).weightsPath +
                        " (its SHA-256 differs): it cannot be resumed with it.",
                    elsewhere);
    if (saved.started > 0) result.started = saved.started;
    result.wallSeconds = saved.wallSeconds;
    std::error_code ec;
    std::size_t n = 0;
    while (n < done.size() && n < ctx.config.stages.size() &&
           done[n].stage == ctx.config.stages[n].name && fs::exists(done[n].checkpoint, ec))
        ++n;
    const std::string validPrint = recipe::listingFingerprint(ctx.valid);
    const std::string testPrint = recipe::listingFingerprint(ctx.test);
    for (std::size_t i = 0; i < n; ++i) {
        StageOutput o;
        o.result = done[i];
        if (!recipe::loadStageProbs(done[i].checkpoint, o, validPrint, testPrint))
            throw Error(ErrorCode::InvalidArgument,
                        "The images in valid/ or test/ of " + ctx.config.dataDir +
                            " changed since stage " + done[i].stage + " of " + ctx.config.outDir +
                            " was trained: its stored predictions belong to other images, so "
                            "the run cannot be resumed on this data.",
                        elsewhere);
        outs.push_back(o);
        result.stages.push_back(done[i]);
        if (done[i].stage != "linear") {
            // A network stage changed weights from its cut on; without the cut, assume all.
            ctx.modifiedFrom = 0;
        }
    }
    if (n > 0) {
        ctx.probsHead = recipe::loadModelInto(done[n - 1].checkpoint, *ctx.net);
        ctx.net->module().to(ctx.device);
        if (ctx.probsHead) ctx.probsHead->to(ctx.device);
        ctx.observer.onMessage("Resuming after stage " + done[n - 1].stage + " (" +
                               std::to_string(n) + " of " +
                               std::to_string(ctx.config.stages.size()) + " done).");
    }
    return n;
}

/// The best finished stage's predictions, views and files: for a finished run, and for one
/// stopped after some stages (stoppedDuring names the stage it stopped in).
void finish(RunContext& ctx, RecipeResult& result, const std::vector<StageOutput>& outs) {
    const RecipeConfig& config = ctx.config;
    // The best stage by valid accuracy (the earliest on ties) is the run's model.
    int best = 0;
    for (std::size_t i = 1; i < outs.size(); ++i)
        if (outs[i].result.validAcc > outs[static_cast<std::size_t>(best)].result.validAcc)
            best = static_cast<int>(i);
    result.bestStage = best;
    const StageOutput& b = outs[static_cast<std::size_t>(best)];
    result.valid = rowsOf(ctx.valid, b.validProbs);
    result.test = rowsOf(ctx.test, b.testProbs);
    result.confusion = confusionMatrix(result.valid, result.classes);
    result.reports = classReports(result.confusion);
    result.views = inspectionViews(result.valid, static_cast<int>(result.classes.size()),
                                   config.viewSize, config.seed);
    const fs::path dir(config.outDir);
    // model.safetensors and the CSVs first, metrics.json last: a run folder whose metrics.json
    // names a best stage has everything that goes with it.
    util::writeAtomically((dir / "model.safetensors").string(), [&](const std::string& tmp) {
        fs::copy_file(b.result.checkpoint, tmp, fs::copy_options::overwrite_existing);
    });
    writeConfusionCsv((dir / "confusion.csv").string(), result.confusion);
    writePredictionsCsv((dir / "valid_predictions.csv").string(), result.valid, result.classes,
                        true);
    writeViewsJson((dir / "views.json").string(), result.valid, result.classes, result.views);
    if (!ctx.test.empty())
        writeSubmissionCsv((dir / "submission.csv").string(), result.test, result.classes,
                           config.submissionClip);
    recipe::writeTextFile((dir / "metrics.json").string(),
                          recipe::metricsJson(result, config.outDir));
}

std::string weightsFingerprint(const std::string& backbone) {
    const std::string weights = BackboneSpec::parse(backbone).weightsPath;
    return weights.empty() ? std::string() : util::sha256OfFile(weights);
}

RecipeResult run(const RecipeConfig& requested, JobObserver& observer, const CancelToken* cancel) {
    if (requested.stages.empty())
        throw Error(ErrorCode::InvalidArgument, "The recipe needs at least one stage.");
    if (requested.outDir.empty())
        throw Error(ErrorCode::InvalidArgument, "The recipe needs an output folder for its run.",
                    {HintAction::ChooseOutputFolder, ""});
    // Absolute from here on: checkpoints, resume and metrics.json must not depend on the
    // working directory of the process that happens to run the recipe.
    RecipeConfig config = requested;
    std::error_code absError;
    config.outDir = fs::absolute(requested.outDir, absError).lexically_normal().string();
    RunContext ctx(config, observer, cancel);
    RecipeResult result;
    result.seed = config.seed;
    result.appVersion = FEATURELAB_VERSION;
    result.formatVersion = recipe::kMetricsFormatVersion;
    result.started = util::nowUtcSeconds();
    const auto sessionStart = std::chrono::steady_clock::now();
    for (const auto& s : config.stages) result.plannedStages.push_back(s.name);
    result.runtime = startRun(ctx);
    result.classes = ctx.scan.classes;
    result.dataDir = fs::absolute(config.dataDir, absError).lexically_normal().string();
    result.backbone = config.backbone;
    result.weightsSha256 = weightsFingerprint(config.backbone);
    // Every stage's layers are chosen once before any trains: a stage that cannot run here
    // (linear on a notop file, an unknown layer) fails now, not after the others trained.
    for (const auto& s : config.stages) recipe::chooseLayers(*ctx.net, s);
    ctx.net->module().to(ctx.device);
    std::error_code ec;
    fs::create_directories(fs::path(config.outDir) / "stages", ec);
    if (ec)
        throw Error(ErrorCode::Io, "Cannot create '" + config.outDir + "': " + ec.message(),
                    {HintAction::ChooseOutputFolder, config.outDir});

    std::vector<StageOutput> outs;
    const std::size_t first = config.resume ? resumeFrom(ctx, result, outs) : 0;
    // A resumed run keeps its start and adds this session's time to the earlier ones'.
    const double earlierSeconds = result.wallSeconds;
    auto stampWallTime = [&] {
        result.wallSeconds =
            earlierSeconds +
            std::chrono::duration<double>(std::chrono::steady_clock::now() - sessionStart).count();
    };
    recipe::ModelMeta meta;
    meta.architecture = ctx.net->architecture();
    meta.classes = ctx.scan.classes;
    meta.preprocessing = ctx.net->preprocessing();
    meta.backbone = config.backbone;
    meta.sourceWeights = BackboneSpec::parse(config.backbone).weightsPath;
    const std::string metricsFile = (fs::path(config.outDir) / "metrics.json").string();
    result.validSplit = ctx.validSplit;
    // Before the first stage: a run stopped in it can then be resumed with the same split.
    if (ctx.validSplit.heldOut)
        recipe::writeValidSplit(ctx.validSplit.file, ctx.validSplit, ctx.trainFingerprint,
                                ctx.scan.split("train")->images.size(), ctx.valid);
    else
        fs::remove(fs::path(config.outDir) / recipe::kValidSplitFile, ec);  // an older run's
    const std::string validPrint = recipe::listingFingerprint(ctx.valid);
    const std::string testPrint = recipe::listingFingerprint(ctx.test);
    for (std::size_t i = first; i < config.stages.size(); ++i) {
        const StageConfig& stage = config.stages[i];
        observer.onMessage("Stage " + stage.name + ": " + stage.optimizer + ", lr " +
                           std::to_string(stage.lr) + ", " + std::to_string(stage.epochs) +
                           " epochs");
        StageOutput out;
        try {
            out = recipe::runStage(ctx, stage, i);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::Cancelled || outs.empty()) throw;
            // Stop keeps what finished: the folder becomes a valid run of the stages so far.
            result.stoppedDuring = stage.name;
            stampWallTime();
            finish(ctx, result, outs);
            throw Error(ErrorCode::Cancelled,
                        "Stopped during stage " + stage.name + "; " + config.outDir +
                            " keeps the " + std::to_string(outs.size()) +
                            " finished stage(s) and can be resumed.",
                        {HintAction::ResumeRun, config.outDir});
        }
        out.result.checkpoint = recipe::stageCheckpointPath(config.outDir, i, stage.name);
        meta.stage = stage.name;
        recipe::saveModel(out.result.checkpoint, *ctx.net, ctx.probsHead, meta);
        recipe::saveStageProbs(out.result.checkpoint, out, validPrint, testPrint);
        outs.push_back(out);
        result.stages.push_back(out.result);
        // The resume record: finished stages only, no best stage yet.
        stampWallTime();
        recipe::writeTextFile(metricsFile, recipe::metricsJson(result, config.outDir));
        observer.onStageFinished(out.result);
    }
    stampWallTime();
    finish(ctx, result, outs);
    return result;
}

}  // namespace

RecipeResult runRecipe(const RecipeConfig& config, const JobControl& job) {
    static JobObserver silent;
    return recipe::atApiBoundary(
        [&] { return run(config, job.observer ? *job.observer : silent, job.cancel); });
}

}  // namespace featurelab
