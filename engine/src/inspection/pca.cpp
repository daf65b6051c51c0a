// principalComponents: eigendecomposition of the smaller of the covariance and Gram matrices.
#include "inspection/pca.h"

#include <algorithm>

namespace featurelab::inspection {

namespace {

/// Flips each row of c (and the matching score column) so that its largest-magnitude entry
/// is positive: eigensolvers return either sign, and a map that mirrors between two runs of
/// the same data reads as a different map.
void fixSigns(torch::Tensor& c, torch::Tensor& scores) {
    const torch::Tensor at = c.abs().argmax(1, /*keepdim=*/true);
    const torch::Tensor sign = torch::where(c.gather(1, at) < 0, -1.0, 1.0).to(c.dtype());
    c = c * sign;
    scores = scores * sign.t();
}

}  // namespace

Pca principalComponents(const torch::Tensor& x, std::int64_t k) {
    torch::NoGradGuard noGrad;
    const torch::Tensor xc = [&] {
        const torch::Tensor d = x.to(torch::kFloat64);
        return (d - d.mean(0, true)).contiguous();
    }();
    const std::int64_t n = xc.size(0), dim = xc.size(1);
    k = std::max<std::int64_t>(0, std::min({k, n, dim}));
    const double denom = static_cast<double>(std::max<std::int64_t>(n - 1, 1));
    // eigh returns ascending eigenvalues: the last k columns, reversed, are the leading ones.
    Pca out;
    torch::Tensor values, vectors;
    if (n >= dim) {
        std::tie(values, vectors) = torch::linalg_eigh(xc.t().mm(xc) / denom);
        vectors = vectors.narrow(1, dim - k, k).flip({1});
        out.components = vectors.t().contiguous();
        out.scores = xc.mm(vectors);
    } else {
        // Gram route: X X^T u = s^2 u gives the scores (u s) directly; components X^T u / s.
        std::tie(values, vectors) = torch::linalg_eigh(xc.mm(xc.t()) / denom);
        vectors = vectors.narrow(1, n - k, k).flip({1});
        const torch::Tensor ev = values.narrow(0, n - k, k).flip({0}).clamp_min(0);
        const torch::Tensor s = (ev * denom).sqrt();
        const torch::Tensor safe = torch::where(s > 0, s, torch::ones_like(s));
        out.scores = vectors * s;
        out.components = (xc.t().mm(vectors) / safe).t().contiguous() * (s > 0).unsqueeze(1);
    }
    fixSigns(out.components, out.scores);
    const torch::Tensor lead = values.narrow(0, values.size(0) - k, k).flip({0}).clamp_min(0);
    const double total = xc.pow(2).sum().item<double>() / denom;
    out.explained.resize(static_cast<std::size_t>(k));
    for (std::int64_t i = 0; i < k; ++i)
        out.explained[static_cast<std::size_t>(i)] =
            total > 0 ? lead[i].item<double>() / total : 0.0;
    return out;
}

}  // namespace featurelab::inspection
