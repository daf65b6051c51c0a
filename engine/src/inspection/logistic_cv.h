// Out-of-fold class probabilities from a k-fold multinomial logistic regression (the
// label-error finder's model), with the L2 strength chosen by out-of-fold log-loss.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "featurelab/job.h"

namespace featurelab::inspection {

/// The fold (0..folds-1) of each row: each class's rows are shuffled with seed (a portable
/// Fisher-Yates over std::mt19937_64) and dealt round-robin, so every fold holds each class's
/// share to within one row.
std::vector<int> stratifiedFolds(const std::vector<int>& labels, int folds, std::uint64_t seed);

struct CrossValidated {
    torch::Tensor probs;  // float32 [N, classes], row i from the model that did not see it
    double l2 = 0;        // the strength probs come from
    std::vector<std::pair<double, double>> tried;  // (l2, out-of-fold log-loss) per value
};

/// For each l2 in l2s (tried from the largest down, each fold's fit starting from the
/// previous one's weights), fits one model per fold on the other folds' rows and predicts
/// the fold's rows; keeps the l2 with the lowest mean out-of-fold log-loss on labels.
/// Features are standardised with each training part's own mean and deviation. The loss is
/// mean cross-entropy + l2/2 |W|^2 (bias not penalised), minimised by full-batch LBFGS in
/// float64 from zero weights: deterministic for given inputs.
/// x: float [N, D]; labels: 0..classes-1. Reports Progress "fit" (done/total fits) and polls
/// the job's token inside each fit. Throws Error(Numerical) when a loss is not finite,
/// Error(Cancelled).
CrossValidated outOfFoldProbabilities(const torch::Tensor& x, const std::vector<int>& labels,
                                      int classes, const std::vector<int>& folds, int k,
                                      std::vector<double> l2s, const JobControl& job);

}  // namespace featurelab::inspection
