// Principal components of a feature matrix: the embedding map's PCA view and the 50-D input
// of its t-SNE.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace featurelab::inspection {

struct Pca {
    torch::Tensor scores;      // float64 [N, k]: the centred rows projected on the components
    torch::Tensor components;  // float64 [k, D], orthonormal rows, largest variance first
    /// Per component: its share of the total variance (sum of all D variances).
    std::vector<double> explained;
};

/// The k leading principal components of x (float [N, D], N >= 1), from the eigenvectors of
/// the covariance (or of the Gram matrix when N < D, the smaller of the two), in float64.
/// Deterministic: each component's sign makes its largest-magnitude loading positive (the
/// first such one on ties). k is capped at min(N, D); components of a zero-variance
/// direction have explained 0.
Pca principalComponents(const torch::Tensor& x, std::int64_t k);

}  // namespace featurelab::inspection
