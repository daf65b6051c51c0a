// k-fold multinomial logistic regression by full-batch LBFGS: out-of-fold probabilities.
#include "inspection/logistic_cv.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "featurelab/error.h"

namespace featurelab::inspection {

namespace {

/// Uniform in [0, n) from the generator's raw output, the same on every platform (the
/// standard distributions are not portable).
std::size_t below(std::mt19937_64& rng, std::size_t n) {
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t v;
    do v = rng();
    while (v >= limit);
    return static_cast<std::size_t>(v % n);
}

struct Fit {
    torch::Tensor w, b;  // [D, C], [C]: the warm start for the next, weaker l2
};

/// Minimises mean cross-entropy + l2/2 |w|^2 over (a, y) from fit's weights, in place.
void train(Fit& fit, const torch::Tensor& a, const torch::Tensor& y, double l2,
           const JobControl& job) {
    fit.w.set_requires_grad(true);
    fit.b.set_requires_grad(true);
    // 200 iterations reach the optimum's neighbourhood (the loss changes by < 1e-9) on 2,000
    // images of 256 features; strong Wolfe keeps steps safe without a tuned learning rate.
    torch::optim::LBFGS opt({fit.w, fit.b}, torch::optim::LBFGSOptions(1.0)
                                                .max_iter(200)
                                                .tolerance_grad(1e-6)
                                                .tolerance_change(1e-9)
                                                .history_size(20)
                                                .line_search_fn("strong_wolfe"));
    double last = 0;
    auto closure = [&]() -> torch::Tensor {
        job.throwIfCancelled();
        opt.zero_grad();
        torch::Tensor loss =
            torch::nn::functional::cross_entropy(torch::addmm(fit.b, a, fit.w), y) +
            0.5 * l2 * fit.w.pow(2).sum();
        loss.backward();
        last = loss.item<double>();
        return loss;
    };
    opt.step(closure);
    if (!std::isfinite(last))
        throw Error(ErrorCode::Numerical,
                    "The logistic regression's loss is not finite (features with NaN or Inf?).");
    fit.w = fit.w.detach();
    fit.b = fit.b.detach();
}

}  // namespace

std::vector<int> stratifiedFolds(const std::vector<int>& labels, int folds, std::uint64_t seed) {
    std::vector<int> fold(labels.size(), 0);
    const int classes = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
    std::mt19937_64 rng(seed);
    int next = 0;  // continues across classes, so small classes do not all start in fold 0
    for (int c = 0; c < classes; ++c) {
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (labels[i] == c) rows.push_back(i);
        for (std::size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[below(rng, i)]);
        for (std::size_t r : rows) {
            fold[r] = next;
            next = (next + 1) % folds;
        }
    }
    return fold;
}

CrossValidated outOfFoldProbabilities(const torch::Tensor& x, const std::vector<int>& labels,
                                      int classes, const std::vector<int>& folds, int k,
                                      std::vector<double> l2s, const JobControl& job) {
    torch::NoGradGuard outer;  // gradients only inside train()
    const std::int64_t n = x.size(0), d = x.size(1);
    // float64 while the features fit comfortably (the optimum is then reached to LBFGS's
    // tolerances); float32 for very wide layers, whose float64 copy would not.
    const auto dtype = n * d <= (std::int64_t(64) << 20) ? torch::kFloat64 : torch::kFloat32;
    const torch::Tensor all = x.to(dtype);
    const torch::Tensor y =
        torch::tensor(std::vector<std::int64_t>(labels.begin(), labels.end()), torch::kInt64);
    std::vector<torch::Tensor> trainRows(k), testRows(k);
    for (int f = 0; f < k; ++f) {
        std::vector<std::int64_t> tr, te;
        for (std::int64_t i = 0; i < n; ++i) (folds[i] == f ? te : tr).push_back(i);
        trainRows[f] = torch::tensor(tr, torch::kInt64);
        testRows[f] = torch::tensor(te, torch::kInt64);
    }
    std::sort(l2s.rbegin(), l2s.rend());  // strongest first: each fit warm-starts the next
    std::vector<Fit> fits(k);
    for (Fit& f : fits) {
        f.w = torch::zeros({d, classes}, dtype);
        f.b = torch::zeros({classes}, dtype);
    }
    CrossValidated best;
    double bestLoss = std::numeric_limits<double>::infinity();
    Progress p;
    p.phase = "fit";
    p.total = l2s.size() * static_cast<std::size_t>(k);
    job.progress(p);
    for (const double l2 : l2s) {
        torch::Tensor probs = torch::zeros({n, classes}, dtype);
        for (int f = 0; f < k; ++f) {
            job.throwIfCancelled();
            if (testRows[f].numel() == 0 || trainRows[f].numel() == 0) continue;
            const torch::Tensor a = all.index_select(0, trainRows[f]);
            const torch::Tensor mean = a.mean(0);
            // Constant features (a dead ReLU unit) keep a unit scale instead of dividing by 0.
            const torch::Tensor sd = a.std(0, /*unbiased=*/false).clamp_min(1e-6);
            {
                torch::AutoGradMode grad(true);
                train(fits[f], (a - mean) / sd, y.index_select(0, trainRows[f]), l2, job);
            }
            const torch::Tensor b = (all.index_select(0, testRows[f]) - mean) / sd;
            probs.index_copy_(0, testRows[f],
                              torch::softmax(torch::addmm(fits[f].b, b, fits[f].w), 1));
            ++p.done;
            job.progress(p);
        }
        const double loss =
            -probs.gather(1, y.unsqueeze(1)).clamp_min(1e-12).log().mean().item<double>();
        best.tried.emplace_back(l2, loss);
        if (loss < bestLoss) {
            bestLoss = loss;
            best.l2 = l2;
            best.probs = probs.to(torch::kFloat32);
        }
    }
    return best;
}

}  // namespace featurelab::inspection
