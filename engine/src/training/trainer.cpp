// The training loop: one optimizer per stage, LR steps, throttled batch reports, cancel and a
// NaN/Inf guard that restores the last good weights before reporting the failure.
#include "training/trainer.h"

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "featurelab/error.h"
#include "runtime_threads.h"

namespace featurelab::training {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// The LR in force during epoch (1-based): the stage LR times every step reached so far.
double lrForEpoch(const TrainSettings& s, int epoch) {
    double lr = s.lr;
    for (const auto& [from, factor] : s.lrSteps)
        if (epoch >= from) lr = s.lr * factor;
    return lr;
}

torch::Tensor lossOf(const torch::Tensor& out, const torch::Tensor& y, LossKind kind,
                     const torch::Tensor& weights) {
    if (kind == LossKind::Mse) return torch::mse_loss(out, y.to(out.dtype()));
    auto opts = torch::nn::functional::CrossEntropyFuncOptions();
    if (weights.defined()) opts.weight(weights);
    return torch::nn::functional::cross_entropy(out, y, opts);
}

std::int64_t correctOf(const torch::Tensor& out, const torch::Tensor& y, LossKind kind) {
    if (kind != LossKind::CrossEntropy) return 0;
    return out.argmax(1).eq(y).sum().item<std::int64_t>();
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const std::vector<torch::Tensor>& params,
                                                       const TrainSettings& s) {
    if (s.optimizer == "sgd")
        return std::make_unique<torch::optim::SGD>(
            params,
            torch::optim::SGDOptions(s.lr).momentum(s.momentum).weight_decay(s.weightDecay));
    if (s.optimizer == "rmsprop")
        // Keras' RMSprop defaults (rho 0.9, eps 1e-7) rather than torch's alpha 0.99: the lesson's.
        return std::make_unique<torch::optim::RMSprop>(
            params,
            torch::optim::RMSpropOptions(s.lr).alpha(0.9).eps(1e-7).weight_decay(s.weightDecay));
    if (s.optimizer == "adam")
        return std::make_unique<torch::optim::Adam>(
            params, torch::optim::AdamOptions(s.lr).weight_decay(s.weightDecay));
    throw Error(ErrorCode::InvalidArgument,
                "Unknown optimizer '" + s.optimizer + "'; use sgd, rmsprop or adam.");
}

void Snapshot::take(const TrainableModel& m) {
    torch::NoGradGuard ng;
    params.clear();
    buffers.clear();
    for (const auto& p : m.parameters) params.push_back(p.detach().clone());
    if (m.stateModule)
        for (const auto& b : m.stateModule->buffers()) buffers.push_back(b.detach().clone());
}

void Snapshot::restore(TrainableModel& m) const {
    torch::NoGradGuard ng;
    for (std::size_t i = 0; i < params.size(); ++i) m.parameters[i].copy_(params[i]);
    if (m.stateModule) {
        auto bufs = m.stateModule->buffers();
        for (std::size_t i = 0; i < buffers.size() && i < bufs.size(); ++i)
            bufs[i].copy_(buffers[i]);
    }
}

EvalResult evaluate(TrainableModel& model, BatchSource& source, std::size_t batchSize,
                    LossKind loss, const CancelToken* cancel) {
    torch::NoGradGuard ng;
    if (model.setTrainMode) model.setTrainMode(false);
    source.start(false, batchSize, 0);
    std::vector<torch::Tensor> outs;
    double lossSum = 0;
    std::int64_t correct = 0, n = 0;
    torch::Tensor x, y;
    while (source.next(x, y)) {
        throwIfCancelled(cancel);
        x = x.to(model.device);
        y = y.to(model.device);
        const torch::Tensor out = model.forward(x);
        // Unlabelled rows (test/, label -1) get probabilities but no loss or accuracy.
        const bool labelled = loss != LossKind::CrossEntropy || y.min().item<std::int64_t>() >= 0;
        if (labelled) {
            const auto b = out.size(0);
            lossSum += lossOf(out, y, loss, {}).item<double>() * static_cast<double>(b);
            correct += correctOf(out, y, loss);
            n += b;
        }
        outs.push_back((loss == LossKind::CrossEntropy ? out.softmax(1) : out).to(torch::kCPU));
    }
    EvalResult r;
    r.probs = outs.empty() ? torch::empty({0, 0}) : torch::cat(outs);
    r.loss = n ? lossSum / static_cast<double>(n) : 0.0;
    r.acc = n ? static_cast<double>(correct) / static_cast<double>(n) : 0.0;
    return r;
}

TrainReport train(TrainableModel& model, BatchSource& trainData, BatchSource* validData,
                  const TrainSettings& s, JobObserver* observer, const CancelToken* cancel,
                  TrainableModel* validModel) {
    if (s.epochs < 0 || s.batchSize < 1 || !(s.lr > 0))
        throw Error(ErrorCode::InvalidArgument, "Stage '" + s.stage +
                                                    "' needs epochs >= 0, batch size >= 1 and "
                                                    "a positive learning rate.");
    if (model.parameters.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "Stage '" + s.stage + "' has no trainable parameters.");
    // A training step of a small model (a new classifier, or a few conv layers on cached 8x8
    // features) is a few dozen operations on kilobytes to a few megabytes: a second LibTorch
    // thread costs more in hand-offs than it computes. On 2 cores, one thread trained MobileNet's
    // conv stage in 20.7 s instead of 30.5 s and linear+last+dense on cached features 1.16x
    // faster, with byte-identical results (docs/performance.md). Large ones (VGG16's dense
    // layers: 119 M parameters) keep every LibTorch thread and get as many OpenBLAS threads for
    // their matrix products (25088 -> 4096 -> 2: 1.4x faster than OpenBLAS's one).
    constexpr std::int64_t kSmallStep = 16'000'000;  // trainable parameters x batch size
    std::optional<ComputeThreadsGuard> singleThread;
    std::optional<BlasThreadsGuard> blas;
    if (model.device.is_cpu()) {
        if (countParams(model.parameters) * s.batchSize < kSmallStep)
            singleThread.emplace(1);
        else
            blas.emplace(computeThreads());
    }
    auto optimizer = makeOptimizer(model.parameters, s);
    torch::Tensor weights;
    if (!s.classWeights.empty() && s.loss == LossKind::CrossEntropy)
        weights = torch::tensor(s.classWeights, torch::kFloat32).to(model.device);

    TrainReport report;
    Snapshot good, best;
    good.take(model);
    double bestAcc = -1, bestLoss = 0;
    int sinceBest = 0;
    const std::size_t batches = (trainData.size() + static_cast<std::size_t>(s.batchSize) - 1) /
                                static_cast<std::size_t>(s.batchSize);
    for (int epoch = 1; epoch <= s.epochs; ++epoch) {
        const auto epochStart = Clock::now();
        for (auto& group : optimizer->param_groups()) group.options().set_lr(lrForEpoch(s, epoch));
        if (model.setTrainMode) model.setTrainMode(true);
        // Each epoch's order depends only on (seed, epoch): reproducible and resumable.
        trainData.start(true, static_cast<std::size_t>(s.batchSize),
                        s.seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
        double lossSum = 0;
        std::int64_t correct = 0, seen = 0;
        std::size_t batch = 0;
        auto lastReport = Clock::now();
        torch::Tensor x, y;
        while (trainData.next(x, y)) {
            throwIfCancelled(cancel);
            ++batch;
            x = x.to(model.device);
            y = y.to(model.device);
            const torch::Tensor out = model.forward(x);
            const torch::Tensor loss = lossOf(out, y, s.loss, weights);
            const double value = loss.item<double>();
            if (!std::isfinite(value)) {
                good.restore(model);
                throw Error(ErrorCode::Numerical,
                            "Stage '" + s.stage + "', epoch " + std::to_string(epoch) + ", batch " +
                                std::to_string(batch) + ": the loss became " +
                                (std::isnan(value) ? "NaN" : "infinite") +
                                ". Kept the weights of " +
                                (epoch > 1 ? "epoch " + std::to_string(epoch - 1)
                                           : std::string("the stage's start")) +
                                "; try a lower learning rate or check the input data.");
            }
            optimizer->zero_grad();
            loss.backward();
            optimizer->step();
            const auto b = out.size(0);
            lossSum += value * static_cast<double>(b);
            correct += correctOf(out.detach(), y, s.loss);
            seen += b;
            // At most ~10 reports a second, never one per sample.
            if (observer &&
                std::chrono::duration<double>(Clock::now() - lastReport).count() >= 0.1) {
                lastReport = Clock::now();
                observer->onBatch(
                    {s.stage, epoch, batch, batches, lossSum / static_cast<double>(seen)});
            }
        }
        EpochMetrics m;
        m.stage = s.stage;
        m.epoch = epoch;
        m.epochs = s.epochs;
        m.trainLoss = seen ? lossSum / static_cast<double>(seen) : 0.0;
        m.trainAcc = seen ? static_cast<double>(correct) / static_cast<double>(seen) : 0.0;
        if (validData) {
            const EvalResult v =
                evaluate(validModel ? *validModel : model, *validData,
                         static_cast<std::size_t>(s.batchSize) * 4, s.loss, cancel);
            m.validLoss = v.loss;
            m.validAcc = v.acc;
        }
        m.seconds = secondsSince(epochStart);
        good.take(model);
        report.curve.push_back(m);
        if (observer) observer->onEpoch(m);
        const bool better =
            !validData || m.validAcc > bestAcc || (m.validAcc == bestAcc && m.validLoss < bestLoss);
        if (better) {
            bestAcc = m.validAcc;
            bestLoss = m.validLoss;
            report.bestEpoch = epoch;
            report.trainAcc = m.trainAcc;
            sinceBest = 0;
            if (s.restoreBest && validData && epoch < s.epochs) best.take(model);
        } else if (s.patience > 0 && ++sinceBest >= s.patience) {
            break;  // early stopping: no better epoch for `patience` epochs
        }
    }
    const int ran = static_cast<int>(report.curve.size());
    if (!s.restoreBest || !validData) {
        report.bestEpoch = ran;
        report.trainAcc = ran ? report.curve.back().trainAcc : 0.0;
    } else if (report.bestEpoch > 0 && report.bestEpoch < ran) {
        best.restore(model);  // Keras's restore_best_weights
    }
    if (model.setTrainMode) model.setTrainMode(false);
    return report;
}

}  // namespace featurelab::training
