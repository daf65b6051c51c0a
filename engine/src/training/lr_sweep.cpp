// The LR sweep: fastai's lr_find loop (exponential schedule, bias-corrected smoothing, stop at
// 4x the best smoothed loss) on the trainer's optimizers, with the weights put back after.
#include "training/lr_sweep.h"

#include <chrono>
#include <cmath>
#include <optional>

#include "featurelab/error.h"
#include "runtime_threads.h"

namespace featurelab::training {

namespace {

/// Puts the snapshot back however the sweep ends (return, Cancelled, Numerical, library error).
struct RestoreOnExit {
    TrainableModel& model;
    Snapshot snapshot;
    explicit RestoreOnExit(TrainableModel& m) : model(m) { snapshot.take(m); }
    ~RestoreOnExit() {
        snapshot.restore(model);
        if (model.setTrainMode) model.setTrainMode(false);
    }
};

}  // namespace

SweepCurve lrSweep(TrainableModel& model, BatchSource& source, const TrainSettings& s,
                   const SweepSettings& sweep, JobObserver* observer, const CancelToken* cancel) {
    if (model.parameters.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "Stage '" + s.stage + "' has no trainable parameters.");
    if (source.size() == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "Stage '" + s.stage + "' has no training images to sweep the LR on.");
    // Same thread policy as training (trainer.cpp): small steps run on one LibTorch thread.
    std::optional<ComputeThreadsGuard> singleThread;
    if (model.device.is_cpu() && countParams(model.parameters) * s.batchSize < 16'000'000)
        singleThread.emplace(1);
    RestoreOnExit restore(model);
    TrainSettings first = s;
    first.lr = sweep.startLr;
    auto optimizer = makeOptimizer(model.parameters, first);
    torch::Tensor weights;
    if (!s.classWeights.empty())
        weights = torch::tensor(s.classWeights, torch::kFloat32).to(model.device);
    auto ce = torch::nn::functional::CrossEntropyFuncOptions();
    if (weights.defined()) ce.weight(weights);

    SweepCurve curve;
    const int n = sweep.iterations;
    const double ratio = sweep.endLr / sweep.startLr;
    double average = 0, best = 0;
    int pass = 0;
    auto lastReport = std::chrono::steady_clock::now();
    model.setTrainMode(true);
    source.start(true, static_cast<std::size_t>(s.batchSize), s.seed * 1000003ULL + 1);
    torch::Tensor x, y;
    for (int i = 0; i < n; ++i) {
        throwIfCancelled(cancel);
        if (!source.next(x, y)) {
            // Fewer batches than steps: another pass in another order.
            source.start(true, static_cast<std::size_t>(s.batchSize),
                         s.seed * 1000003ULL + static_cast<std::uint64_t>(++pass) + 1);
            if (!source.next(x, y)) break;
        }
        const double lr = sweep.startLr * std::pow(ratio, static_cast<double>(i) / (n - 1));
        for (auto& group : optimizer->param_groups()) group.options().set_lr(lr);
        x = x.to(model.device);
        y = y.to(model.device);
        const torch::Tensor loss = torch::nn::functional::cross_entropy(model.forward(x), y, ce);
        const double value = loss.item<double>();
        if (!std::isfinite(value)) {
            if (i == 0)
                throw Error(ErrorCode::Numerical,
                            "Stage '" + s.stage +
                                "': the loss of the first batch is not finite "
                                "at LR " +
                                std::to_string(lr) + "; check the input data.");
            curve.diverged = true;
            break;
        }
        optimizer->zero_grad();
        loss.backward();
        optimizer->step();
        average = sweep.beta * average + (1 - sweep.beta) * value;
        const double smoothed = average / (1 - std::pow(sweep.beta, i + 1));
        curve.lrs.push_back(lr);
        curve.losses.push_back(value);
        curve.smoothed.push_back(smoothed);
        if (i == 0 || smoothed < best) best = smoothed;
        const auto now = std::chrono::steady_clock::now();
        // Progress only: batch losses would read as a training curve in front ends.
        if (observer &&
            (i == 0 || std::chrono::duration<double>(now - lastReport).count() >= 0.1)) {
            lastReport = now;
            observer->onProgress({"find LR " + s.stage, static_cast<std::size_t>(i + 1),
                                  static_cast<std::size_t>(n)});
        }
        if (i > 0 && smoothed > sweep.divergeFactor * best) {
            curve.diverged = true;
            break;
        }
    }
    return curve;
}

}  // namespace featurelab::training
