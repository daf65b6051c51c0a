// The training loop shared by every recipe stage: optimizers, LR steps, class weights, seeds,
// throttled batch reports, cancel within a batch, and a NaN/Inf guard that keeps good weights.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "featurelab/progress.h"
#include "featurelab/recipe.h"

namespace featurelab::training {

enum class LossKind { CrossEntropy, Mse };

struct TrainSettings {
    std::string stage = "train";
    std::string optimizer = "adam";  // "sgd" (momentum), "rmsprop", "adam"
    double lr = 1e-3;
    double momentum = 0.9;
    double weightDecay = 0;
    int epochs = 1;
    int batchSize = 64;
    std::vector<std::pair<int, double>> lrSteps;  // (1-based epoch, LR factor from then on)
    std::vector<float> classWeights;              // cross-entropy only; empty = equal
    LossKind loss = LossKind::CrossEntropy;
    std::uint64_t seed = 42;
    /// Keras's restore_best_weights: with validation data, the weights of the epoch with the
    /// best valid accuracy (lower valid loss on ties) are restored at the end.
    bool restoreBest = true;
    /// Early stopping: stop after this many epochs without a better epoch (0: never).
    int patience = 0;
};

/// Batches of (input, target). Targets are int64 class labels [B] for cross-entropy and float
/// [B, K] for MSE. Sources may live on the CPU; the trainer moves batches to the model's device.
class BatchSource {
public:
    virtual ~BatchSource() = default;
    virtual std::size_t size() const = 0;  // samples per epoch
    /// Begins a pass; shuffled sources use seed so a pass is reproducible.
    virtual void start(bool shuffle, std::size_t batchSize, std::uint64_t seed) = 0;
    /// The next batch; false after the last one.
    virtual bool next(torch::Tensor& x, torch::Tensor& y) = 0;
};

/// In-memory features [N, D] and targets, shuffled with a portable seeded permutation.
class TensorBatches : public BatchSource {
public:
    TensorBatches(torch::Tensor x, torch::Tensor y);
    std::size_t size() const override;
    void start(bool shuffle, std::size_t batchSize, std::uint64_t seed) override;
    bool next(torch::Tensor& x, torch::Tensor& y) override;

private:
    torch::Tensor x_, y_, order_;
    std::size_t pos_ = 0, batch_ = 64;
};

/// What the trainer trains: a forward function, the parameters to update, a train/eval switch
/// and the module whose buffers (BatchNorm statistics) belong to the snapshot.
struct TrainableModel {
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    std::vector<torch::Tensor> parameters;
    std::function<void(bool)> setTrainMode;
    torch::nn::Module* stateModule = nullptr;
    torch::Device device = torch::kCPU;
};

/// The stage's optimizer over params (settings' optimizer, LR, momentum, weight decay).
/// Throws Error(InvalidArgument) for an unknown optimizer name.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const std::vector<torch::Tensor>& params,
                                                       const TrainSettings& s);

/// Copies of the trained parameters and the state module's buffers, to roll back to.
struct Snapshot {
    std::vector<torch::Tensor> params, buffers;
    void take(const TrainableModel& m);
    void restore(TrainableModel& m) const;
};

struct EvalResult {
    torch::Tensor probs;  // CPU float [N, C] (softmax of the outputs; raw outputs for MSE)
    double loss = 0;
    double acc = 0;
};

/// Evaluates model on every sample of source in order, without gradients, in eval mode.
EvalResult evaluate(TrainableModel& model, BatchSource& source, std::size_t batchSize,
                    LossKind loss, const CancelToken* cancel);

struct TrainReport {
    std::vector<EpochMetrics> curve;  // every epoch that ran
    double trainAcc = 0;              // the kept epoch's
    int bestEpoch = 0;                // 1-based: the epoch whose weights the model ends with
};

/// Trains for settings.epochs; after each epoch evaluates valid (when given) and reports
/// EpochMetrics. Throws Error(Cancelled) within one batch of cancel being set, and
/// Error(Numerical) when a batch loss is NaN/Inf, after restoring the weights of the last
/// completed epoch (or the stage's start). validModel, when given, evaluates validData instead
/// of model (same weights, another input path: e.g. cached features while images stream).
TrainReport train(TrainableModel& model, BatchSource& trainData, BatchSource* validData,
                  const TrainSettings& settings, JobObserver* observer, const CancelToken* cancel,
                  TrainableModel* validModel = nullptr);

/// The number of elements in the tensors that require grad.
std::int64_t countParams(const std::vector<torch::Tensor>& params);

}  // namespace featurelab::training
