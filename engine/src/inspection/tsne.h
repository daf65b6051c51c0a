// Barnes-Hut t-SNE (van der Maaten 2014) for the embedding map: sparse input similarities over
// 3 x perplexity exact nearest neighbours, quadtree repulsion, early exaggeration, momentum
// and gains as in the reference implementation (bhtsne).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "featurelab/embedding.h"
#include "featurelab/job.h"

namespace featurelab::inspection {

/// The symmetric input similarities P (sum 1) in compressed rows.
struct SparseP {
    std::vector<std::int64_t> rowStart;  // N + 1 entries
    std::vector<std::int32_t> column;
    std::vector<double> value;
};

/// Each row's k nearest other rows of x (float [N, D], squared Euclidean, exact), nearest
/// first: index and squared distance, k per row, row-major. Polls job per block of rows.
struct Neighbours {
    std::int64_t k = 0;
    std::vector<std::int64_t> index;
    std::vector<double> distance2;
};
Neighbours nearestNeighbours(const torch::Tensor& x, std::int64_t k, const JobControl& job = {});

/// p_j|i over each row's neighbours with the Gaussian width whose perplexity matches
/// (binary search on the precision, as bhtsne), symmetrised: (p_j|i + p_i|j) / 2N.
SparseP inputSimilarities(const Neighbours& nn, double perplexity);

struct TsneOptions {
    double perplexity = 30;  // used as given (the caller lowers it for small N)
    int iterations = 1000;
    std::uint64_t seed = 42;  // the random initial layout (when init is not given)
    double theta = 0.5;       // Barnes-Hut: a cell narrower than theta x its distance is one
    double exaggeration = 12;
    int exaggerationIterations = 250;  // also when the momentum goes from 0.5 to 0.8
    /// 0: max(N / exaggeration, 200) (bhtsne's gradient has no factor 4: this is scikit-
    /// learn's 'auto', max(N / exaggeration / 4, 50), for its gradient with the 4).
    double learningRate = 0;
    /// [N, 2] starting layout; undefined: Gaussian with standard deviation 1e-4 from seed.
    torch::Tensor init;
    std::function<void(const EmbeddingFrame&)> onFrame;  // every frameEvery iterations, last
    int frameEvery = 25;
};

struct Tsne {
    std::vector<double> y;  // x0, y0, x1, y1, ..., centred
    double klDivergence = 0;
    int iterations = 0;
};

/// Lays the rows of x (float [N, D], N >= 2) out in 2-D. Deterministic for the same x and
/// options (per-point forces are computed in parallel, their sums in a fixed order). Throws
/// Error(Cancelled) (polled every iteration) and Error(Numerical) when the layout turns NaN.
/// Progress: "neighbours" and "tsne" (iterations), throttled.
Tsne tsne(const torch::Tensor& x, const TsneOptions& options, const JobControl& job = {});

}  // namespace featurelab::inspection
