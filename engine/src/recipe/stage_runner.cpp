// One recipe stage: pick the layers, train on cached features (or streamed, augmented images
// when asked), then evaluate valid and test with the stage's final weights.
#include <chrono>

#include "featurelab/error.h"
#include "recipe/augmented_copies.h"
#include "recipe/features.h"
#include "recipe/image_batches.h"
#include "recipe/layer_choice.h"
#include "recipe/run_context.h"
#include "training/trainer.h"

namespace featurelab::recipe {

namespace {

using training::BatchSource;
using training::TensorBatches;
using training::TrainableModel;

training::TrainSettings settingsOf(const RunContext& ctx, const StageConfig& s,
                                   std::size_t stageIndex) {
    training::TrainSettings t;
    t.stage = s.name;
    t.optimizer = s.optimizer;
    t.lr = s.lr;
    t.momentum = s.momentum;
    t.weightDecay = s.weightDecay;
    t.epochs = s.epochs;
    t.batchSize = s.batchSize;
    t.lrSteps = s.lrSteps;
    t.classWeights = ctx.config.classWeights;
    t.seed = ctx.config.seed + stageIndex;
    t.restoreBest = s.restoreBestEpoch;
    t.patience = s.patience;
    return t;
}

/// Probabilities of model on source, or an undefined tensor for an empty split.
torch::Tensor probsOf(TrainableModel& m, BatchSource& source, const CancelToken* cancel) {
    if (source.size() == 0) return {};
    return training::evaluate(m, source, 256, training::LossKind::CrossEntropy, cancel).probs;
}

/// The final model on valid: its probabilities, loss and accuracy go into the stage result.
void finalValid(StageOutput& out, TrainableModel& m, BatchSource& valid,
                const CancelToken* cancel) {
    const auto r = training::evaluate(m, valid, 256, training::LossKind::CrossEntropy, cancel);
    out.validProbs = r.probs;
    out.result.validAcc = r.acc;
    out.result.validLoss = r.loss;
}

torch::Tensor unlabelled(std::size_t n) {
    return torch::full({static_cast<std::int64_t>(n)}, -1, torch::kInt64);
}

/// Drops cached features the stage's training made stale (everything above the cut).
void invalidateAbove(RunContext& ctx, std::size_t cut) {
    for (auto it = ctx.features.begin(); it != ctx.features.end();)
        it = it->first > cut ? ctx.features.erase(it) : std::next(it);
    ctx.modifiedFrom = std::min(ctx.modifiedFrom, cut);
}

/// Cached features at a cut cost N x their size; beyond ~1 GB the stage streams instead.
bool cacheable(Network& net, std::size_t cut, std::size_t images) {
    if (cut == 0) return false;
    return static_cast<double>(valuesPerImageAt(net, cut)) * 4.0 * static_cast<double>(images) <
           1e9;
}

/// Cuts below dense_input that later stages of the run train from on cached features (not
/// augmented, small enough to keep). The layers below them stay frozen until those stages, so
/// the first pass over the images can keep them: the conv stage then decodes nothing again.
/// A stage whose layers cannot be chosen is left out (it reports that when it runs).
std::vector<std::size_t> laterCachedCuts(RunContext& ctx, std::size_t stageIndex) {
    Network& net = *ctx.net;
    const std::size_t base = net.cutPoint("dense_input");
    const std::size_t total = ctx.train.size() + ctx.valid.size() + ctx.test.size();
    std::vector<std::size_t> cuts;
    for (std::size_t i = stageIndex + 1; i < ctx.config.stages.size(); ++i) {
        const StageConfig& s = ctx.config.stages[i];
        if (s.name == "linear" || s.augment) continue;
        try {
            const std::size_t cut = chooseLayers(net, s).cut;
            if (cut > 0 && cut < base && cacheable(net, cut, total)) cuts.push_back(cut);
        } catch (const Error&) {
        }
    }
    return cuts;
}

StageOutput runLinear(RunContext& ctx, const StageConfig& stage, std::size_t index) {
    const std::size_t n = ctx.net->segments().size();
    // One pass also keeps the features the next stages start from.
    std::vector<std::size_t> also{ctx.net->cutPoint("penultimate"),
                                  ctx.net->cutPoint("dense_input")};
    for (std::size_t c : laterCachedCuts(ctx, index)) also.push_back(c);
    const CutFeatures& f = featuresAt(ctx, n, also);
    const auto d = f.train.size(1);
    auto head =
        std::make_shared<torch::nn::LinearImpl>(d, static_cast<std::int64_t>(ctx.numClasses()));
    head->to(ctx.device);
    TrainableModel m;
    m.forward = [head](const torch::Tensor& x) { return head->forward(x.softmax(1)); };
    m.parameters = head->parameters();
    m.setTrainMode = [head](bool on) { head->train(on); };
    m.stateModule = head.get();
    m.device = ctx.device;
    TensorBatches train(f.train, ctx.trainLabels), valid(f.valid, ctx.validLabels);
    if (ctx.trainHook) {
        ctx.trainHook(m, train, settingsOf(ctx, stage, index));
        return {};
    }
    StageOutput out;
    const auto report =
        training::train(m, train, &valid, settingsOf(ctx, stage, index), &ctx.observer, ctx.cancel);
    ctx.probsHead = head;
    out.result.curve = report.curve;
    out.result.trainAcc = report.trainAcc;
    out.result.bestEpoch = report.bestEpoch;
    out.result.trainableParams = training::countParams(m.parameters);
    out.result.note =
        "softmax over the backbone's " + std::to_string(d) + " outputs -> new dense layer";
    out.result.layersTrained = {"featurelab_probs_head"};  // the Keras export's name for it
    finalValid(out, m, valid, ctx.cancel);
    if (!ctx.test.empty()) {
        TensorBatches test(f.test, unlabelled(ctx.test.size()));
        out.testProbs = probsOf(m, test, ctx.cancel);
    }
    return out;
}

StageOutput runNetworkStage(RunContext& ctx, const StageConfig& stage, std::size_t index) {
    Network& net = *ctx.net;
    const std::size_t n = net.segments().size();
    if (net.numOutputs() != static_cast<int>(ctx.numClasses()) || ctx.probsHead) {
        // The lesson's model.pop() + Dense(C): the new head starts from scratch.
        if (net.numOutputs() != static_cast<int>(ctx.numClasses())) {
            net.replaceHead(static_cast<int>(ctx.numClasses()));
            net.module().to(ctx.device);
            invalidateAbove(ctx, n - 1);
        }
        ctx.probsHead.reset();
    }
    const LayerChoice choice = chooseLayers(net, stage);
    applyChoice(net, choice);
    // Any cached cut below the first trained segment serves as well (the segments in between
    // are frozen): 'last' after 'linear' reuses the penultimate features of linear's pass.
    std::size_t cut = choice.cut;
    bool cached = false;
    for (const auto& entry : ctx.features)  // ascending: ends at the largest usable cut
        if (entry.first > 0 && entry.first <= choice.cut) {
            cut = entry.first;
            cached = true;
        }
    if (!cached && !stage.augment) {
        // Extract where the next stages can reuse it too.
        const std::size_t pen = net.cutPoint("penultimate");
        if (pen > 0 && pen <= choice.cut) cut = pen;
    }
    std::vector<torch::Tensor> params;
    for (const auto& p : net.module().parameters())
        if (p.requires_grad()) params.push_back(p);
    // The record says what the built network trains (its requires_grad flags), not what the
    // choice planned: the two can only agree if applyChoice did its job.
    std::vector<std::string> trained;
    for (const LayerInfo& l : net.layers())
        if (l.trainable) trained.push_back(l.name);

    const std::size_t total = ctx.train.size() + ctx.valid.size() + ctx.test.size();
    // Augmented copies are cached like features (same ~1 GB bound); beyond it they stream.
    const bool copies = stage.augment && stage.augmentCopies > 0 && cut > 0 &&
                        augmentedCopiesBytes(net, cut, ctx.train.size(), stage.augmentCopies) < 1e9;
    const bool stream = stage.augment && !copies;
    const bool trainImagesCached = !stage.augment;
    const bool cacheEval =
        cacheable(net, cut, trainImagesCached ? total : total - ctx.train.size());
    const CutFeatures* f = nullptr;
    if (cacheEval)
        f = &featuresAt(
            ctx, cut, trainImagesCached ? laterCachedCuts(ctx, index) : std::vector<std::size_t>{},
            trainImagesCached);
    auto netPtr = ctx.net;
    TrainableModel onFeatures;
    onFeatures.forward = [netPtr, cut, n](const torch::Tensor& x) {
        return netPtr->forwardSegments(x, cut, n);
    };
    TrainableModel onImages;
    onImages.forward = [netPtr, cut, n](const torch::Tensor& x) {
        torch::Tensor h;
        {
            torch::NoGradGuard ng;  // frozen below the cut: no graph, no activations kept
            h = netPtr->forwardSegments(x, 0, cut);
        }
        return netPtr->forwardSegments(h, cut, n);
    };
    for (TrainableModel* m : {&onFeatures, &onImages}) {
        m->parameters = params;
        m->setTrainMode = [netPtr](bool on) { netPtr->setTrainMode(on); };
        m->stateModule = &net.module();
        m->device = ctx.device;
    }
    const Preprocessing pp = net.preprocessing();
    const int workers = ctx.config.workers;
    std::unique_ptr<BatchSource> train, valid, test;
    if (copies)
        train = augmentedCopies(ctx, cut, stage.augmentCopies, ctx.config.seed + index);
    else if (stream)
        train = std::make_unique<ImageBatches>(ctx.train, pp, workers, true, ctx.cancel);
    else if (f)
        train = std::make_unique<TensorBatches>(f->train, ctx.trainLabels);
    else
        train = std::make_unique<ImageBatches>(ctx.train, pp, workers, false, ctx.cancel);
    if (f) {
        valid = std::make_unique<TensorBatches>(f->valid, ctx.validLabels);
        if (!ctx.test.empty())
            test = std::make_unique<TensorBatches>(f->test, unlabelled(ctx.test.size()));
    } else {
        valid = std::make_unique<ImageBatches>(ctx.valid, pp, workers, false, ctx.cancel);
        if (!ctx.test.empty())
            test = std::make_unique<ImageBatches>(ctx.test, pp, workers, false, ctx.cancel);
    }
    // A file deleted or replaced mid-stage is skipped: say which, the first time it fails.
    std::size_t skipped = 0;
    for (BatchSource* s : {train.get(), valid.get(), test.get()}) {
        auto* images = dynamic_cast<ImageBatches*>(s);
        if (!images) continue;
        const std::string effect = s == train.get() ? "left out of training" : "scored as black";
        images->onFailure([&ctx, &skipped, &stage, effect](const SkippedFile& file) {
            ++skipped;
            ctx.observer.onMessage("Stage " + stage.name + " skipped " + file.path + " (" + effect +
                                   "): " + file.reason);
        });
    }
    TrainableModel& trainModel = copies ? onFeatures : (stream || !f) ? onImages : onFeatures;
    TrainableModel& evalModel = f ? onFeatures : onImages;
    if (ctx.trainHook) {
        ctx.trainHook(trainModel, *train, settingsOf(ctx, stage, index));
        return {};
    }
    StageOutput out;
    // Per-epoch validation goes through the eval path: the frozen part below the cut cannot
    // change, so cached features stay exact even while images stream for training.
    const training::TrainReport report =
        training::train(trainModel, *train, valid.get(), settingsOf(ctx, stage, index),
                        &ctx.observer, ctx.cancel, &evalModel);
    invalidateAbove(ctx, choice.cut);
    out.result.curve = report.curve;
    out.result.trainAcc = report.trainAcc;
    out.result.bestEpoch = report.bestEpoch;
    out.result.trainableParams = training::countParams(params);
    out.result.note =
        choice.note +
        (copies ? ", features of " + std::to_string(stage.augmentCopies) +
                      (stage.augmentCopies == 1 ? " augmented copy" : " augmented copies") +
                      " of each image"
         : stream ? ", augmented images"
                  : "");
    out.result.layersTrained = trained;
    finalValid(out, evalModel, *valid, ctx.cancel);
    if (test) out.testProbs = probsOf(evalModel, *test, ctx.cancel);
    if (skipped > 0)
        out.result.note += "; " + std::to_string(skipped) + " file(s) could not be read mid-stage";
    return out;
}

}  // namespace

StageOutput runStage(RunContext& ctx, const StageConfig& stage, std::size_t stageIndex) {
    const auto t0 = std::chrono::steady_clock::now();
    torch::manual_seed(ctx.config.seed + stageIndex);  // the new head's initial weights
    StageOutput out = stage.name == "linear" ? runLinear(ctx, stage, stageIndex)
                                             : runNetworkStage(ctx, stage, stageIndex);
    out.result.stage = stage.name;
    out.result.settings = stage;
    out.result.epochs = static_cast<int>(out.result.curve.size());
    out.result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

}  // namespace featurelab::recipe
