// Barnes-Hut t-SNE: exact kNN (blocked matmul), perplexity calibration, gradient descent with
// a quadtree for the repulsive forces.
#include "inspection/tsne.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "featurelab/error.h"
#include "inspection/parallel_chunks.h"
#include "inspection/quadtree.h"

namespace featurelab::inspection {

namespace {

using Clock = std::chrono::steady_clock;

/// Reports a phase's progress at most five times a second (and its last step).
class Reporter {
public:
    Reporter(const JobControl& job, std::string phase, std::size_t total)
        : job_(job), phase_(std::move(phase)), total_(total), start_(Clock::now()) {}
    void operator()(std::size_t done) {
        const auto now = Clock::now();
        if (done < total_ && now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        Progress p;
        p.phase = phase_;
        p.done = done;
        p.total = total_;
        const double s = std::chrono::duration<double>(now - start_).count();
        if (s > 0 && done > 0) {
            p.itemsPerSecond = static_cast<double>(done) / s;
            p.etaSeconds = static_cast<double>(total_ - done) / p.itemsPerSecond;
        }
        job_.progress(p);
    }

private:
    const JobControl& job_;
    std::string phase_;
    std::size_t total_;
    Clock::time_point start_, last_{};
};

/// splitmix64: a seeded stream that is the same on every platform (std::normal_distribution
/// is not).
struct SplitMix {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0,1)
    double normal() {  // Box-Muller, one of the pair
        return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
    }
};

/// The precision beta of row i's Gaussian whose perplexity is exp(H) = perplexity; writes
/// p_j|i (sum 1) to p. d2 is sorted ascending: shifting by d2[0] keeps exp() in range for
/// features of any scale and cancels in the normalisation.
void calibrateRow(const double* d2, std::int64_t k, double perplexity, double* p) {
    const double target = std::log(perplexity);
    double beta = 1, lo = 0, hi = std::numeric_limits<double>::infinity();
    double mean = 0;
    for (std::int64_t j = 0; j < k; ++j) mean += d2[j] - d2[0];
    mean /= static_cast<double>(k);
    if (mean > 0) beta = 1 / mean;
    for (int it = 0; it < 200; ++it) {
        double sum = 0, weighted = 0;
        for (std::int64_t j = 0; j < k; ++j) {
            p[j] = std::exp(-beta * (d2[j] - d2[0]));
            sum += p[j];
            weighted += (d2[j] - d2[0]) * p[j];
        }
        const double h = std::log(sum) + beta * weighted / sum;
        for (std::int64_t j = 0; j < k; ++j) p[j] /= sum;
        if (std::abs(h - target) < 1e-5) break;
        if (h > target) {  // too flat: narrower
            lo = beta;
            beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
        } else {
            hi = beta;
            beta = (beta + lo) / 2;
        }
    }
}

}  // namespace

Neighbours nearestNeighbours(const torch::Tensor& x, std::int64_t k, const JobControl& job) {
    torch::NoGradGuard noGrad;
    const torch::Tensor xd = x.to(torch::kFloat64).contiguous();
    const std::int64_t n = xd.size(0);
    Neighbours nn;
    nn.k = std::min(k, n - 1);
    nn.index.resize(static_cast<std::size_t>(n * nn.k));
    nn.distance2.resize(nn.index.size());
    const torch::Tensor sq = xd.pow(2).sum(1);
    const torch::Tensor xt = xd.t().contiguous();
    // Blocks of rows whose distance matrix stays under 16 MiB: glibc serves those from its
    // heap and reuses them (larger ones are mapped and page-faulted in again for every block:
    // 35% of the kNN's time went to the kernel with 40 MB blocks at N = 10,000).
    const std::int64_t block = std::clamp<std::int64_t>((16 << 20) / (8 * n), 1, 1024);
    Reporter report(job, "neighbours", static_cast<std::size_t>(n));
    for (std::int64_t r0 = 0; r0 < n; r0 += block) {
        job.throwIfCancelled();
        const std::int64_t r1 = std::min(n, r0 + block);
        // |xi|^2 + |xj|^2 - 2 xi.xj in one GEMM and two in-place passes.
        torch::Tensor d2 = torch::addmm(sq.unsqueeze(0), xd.slice(0, r0, r1), xt, 1, -2);
        d2.add_(sq.slice(0, r0, r1).unsqueeze(1)).clamp_min_(0);
        const torch::Tensor rows = torch::arange(r0, r1, torch::kInt64);
        d2.index_put_({rows - r0, rows}, std::numeric_limits<double>::infinity());  // not self
        auto [values, indices] = d2.topk(nn.k, 1, /*largest=*/false, /*sorted=*/true);
        values = values.contiguous();
        indices = indices.contiguous();
        std::copy_n(values.data_ptr<double>(), values.numel(), nn.distance2.begin() + r0 * nn.k);
        std::copy_n(indices.data_ptr<std::int64_t>(), indices.numel(),
                    nn.index.begin() + r0 * nn.k);
        report(static_cast<std::size_t>(r1));
    }
    return nn;
}

SparseP inputSimilarities(const Neighbours& nn, double perplexity) {
    const std::int64_t k = nn.k;
    const std::int64_t n = k > 0 ? static_cast<std::int64_t>(nn.index.size()) / k : 0;
    std::vector<double> cond(nn.distance2.size());
    parallelChunks(n, 64, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i)
            calibrateRow(&nn.distance2[static_cast<std::size_t>(i * k)], k, perplexity,
                         &cond[static_cast<std::size_t>(i * k)]);
    });
    // Row i gets (j, p_j|i) for its neighbours and (j, p_i|j) for the rows that have i as a
    // neighbour; sorted by column, equal columns summed.
    std::vector<std::int64_t> start(static_cast<std::size_t>(n + 1), 0);
    for (std::int64_t i = 0; i < n; ++i) start[static_cast<std::size_t>(i + 1)] += k;
    for (std::int64_t j : nn.index) ++start[static_cast<std::size_t>(j + 1)];
    for (std::int64_t i = 0; i < n; ++i)
        start[static_cast<std::size_t>(i + 1)] += start[static_cast<std::size_t>(i)];
    std::vector<std::pair<std::int32_t, double>> entries(
        static_cast<std::size_t>(start[static_cast<std::size_t>(n)]));
    std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t m = 0; m < k; ++m) {
            const std::int64_t j = nn.index[static_cast<std::size_t>(i * k + m)];
            const double v = cond[static_cast<std::size_t>(i * k + m)];
            entries[static_cast<std::size_t>(fill[static_cast<std::size_t>(i)]++)] = {
                static_cast<std::int32_t>(j), v};
            entries[static_cast<std::size_t>(fill[static_cast<std::size_t>(j)]++)] = {
                static_cast<std::int32_t>(i), v};
        }
    SparseP p;
    p.rowStart.assign(static_cast<std::size_t>(n + 1), 0);
    p.column.reserve(entries.size());
    p.value.reserve(entries.size());
    const double scale = 1 / (2.0 * static_cast<double>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        const auto b = entries.begin() + start[static_cast<std::size_t>(i)];
        const auto e = entries.begin() + start[static_cast<std::size_t>(i + 1)];
        // Stable, so that equal columns are summed in one fixed order.
        std::stable_sort(b, e, [](const auto& x, const auto& y) { return x.first < y.first; });
        for (auto it = b; it != e;) {
            double v = 0;
            const std::int32_t j = it->first;
            for (; it != e && it->first == j; ++it) v += it->second;
            p.column.push_back(j);
            p.value.push_back(v * scale);
        }
        p.rowStart[static_cast<std::size_t>(i + 1)] = static_cast<std::int64_t>(p.column.size());
    }
    return p;
}

namespace {

/// One gradient evaluation: dy = attraction - repulsion / Z (bhtsne's form), and Z.
double gradient(const SparseP& p, double exaggeration, const std::vector<double>& y,
                const QuadTree& tree, double theta, std::vector<double>& attract,
                std::vector<double>& repel, std::vector<double>& sumQ, std::vector<double>& dy) {
    const std::int64_t n = static_cast<std::int64_t>(sumQ.size());
    // Points in Z order: neighbours in the list walk mostly the same cells (each point's
    // results land in its own slots, so the order changes the speed, not the numbers).
    const std::vector<std::int32_t> order = tree.spatialOrder(y.data(), sumQ.size());
    parallelChunks(n, 256, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t r = b; r < e; ++r) {
            const std::int64_t i = order[static_cast<std::size_t>(r)];
            const double xi = y[2 * i], yi = y[2 * i + 1];
            double ax = 0, ay = 0;
            for (std::int64_t m = p.rowStart[i]; m < p.rowStart[i + 1]; ++m) {
                const std::int64_t j = p.column[static_cast<std::size_t>(m)];
                const double dx = xi - y[2 * j], dyy = yi - y[2 * j + 1];
                const double w = p.value[static_cast<std::size_t>(m)] / (1 + dx * dx + dyy * dyy);
                ax += w * dx;
                ay += w * dyy;
            }
            attract[2 * i] = exaggeration * ax;
            attract[2 * i + 1] = exaggeration * ay;
            double fx = 0, fy = 0;
            sumQ[i] = tree.repulsion(xi, yi, theta, fx, fy);
            repel[2 * i] = fx;
            repel[2 * i + 1] = fy;
        }
    });
    double z = 0;
    for (double s : sumQ) z += s;  // in order: the same sum on any number of threads
    for (std::size_t c = 0; c < dy.size(); ++c) dy[c] = attract[c] - repel[c] / z;
    return z;
}

double klDivergence(const SparseP& p, const std::vector<double>& y, double z) {
    const std::int64_t n = static_cast<std::int64_t>(p.rowStart.size()) - 1;
    double kl = 0;
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t m = p.rowStart[i]; m < p.rowStart[i + 1]; ++m) {
            const std::int64_t j = p.column[static_cast<std::size_t>(m)];
            const double v = p.value[static_cast<std::size_t>(m)];
            const double dx = y[2 * i] - y[2 * j], dyy = y[2 * i + 1] - y[2 * j + 1];
            const double q = 1 / (1 + dx * dx + dyy * dyy) / z;
            if (v > 0) kl += v * std::log(v / std::max(q, 1e-300));
        }
    return kl;
}

}  // namespace

Tsne tsne(const torch::Tensor& x, const TsneOptions& o, const JobControl& job) {
    const std::int64_t n = x.size(0);
    if (n < 2) throw Error(ErrorCode::InvalidArgument, "t-SNE needs at least two points.");
    const auto k = std::min<std::int64_t>(n - 1, static_cast<std::int64_t>(3 * o.perplexity));
    const SparseP p =
        inputSimilarities(nearestNeighbours(x, std::max<std::int64_t>(k, 1), job), o.perplexity);

    std::vector<double> y(static_cast<std::size_t>(2 * n));
    if (o.init.defined()) {
        const torch::Tensor init = o.init.to(torch::kFloat64).contiguous();
        std::copy_n(init.data_ptr<double>(), y.size(), y.begin());
    } else {
        SplitMix rng{o.seed};
        for (double& v : y) v = 1e-4 * rng.normal();
    }
    const double lr = o.learningRate > 0 ? o.learningRate
                                         : std::max(static_cast<double>(n) / o.exaggeration, 200.0);
    // Filled with assign(): GCC 12 at -O3 takes the sized constructors here for a free of a
    // non-heap pointer (-Wfree-nonheap-object, a false positive).
    std::vector<double> dy, update, gains, attract, repel, sumQ;
    for (std::vector<double>* v : {&dy, &update, &attract, &repel}) v->assign(y.size(), 0.0);
    gains.assign(y.size(), 1.0);
    sumQ.assign(static_cast<std::size_t>(n), 0.0);
    QuadTree tree;
    Reporter report(job, "tsne", static_cast<std::size_t>(o.iterations));
    auto centre = [&] {
        double mx = 0, my = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= static_cast<double>(n);
        my /= static_cast<double>(n);
        if (!std::isfinite(mx) || !std::isfinite(my))
            throw Error(ErrorCode::Numerical,
                        "The t-SNE layout diverged (NaN); try a lower learning rate or "
                        "perplexity.");
        for (std::int64_t i = 0; i < n; ++i) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
    };
    auto frame = [&](int iteration) {
        if (!o.onFrame) return;
        EmbeddingFrame f;
        f.iteration = iteration;
        f.iterations = o.iterations;
        f.exaggerated = iteration < o.exaggerationIterations;
        f.xy.assign(y.begin(), y.end());
        o.onFrame(f);
    };
    centre();
    Tsne out;
    for (int it = 0; it < o.iterations; ++it) {
        job.throwIfCancelled();
        const bool early = it < o.exaggerationIterations;
        const double momentum = early ? 0.5 : 0.8;
        tree.build(y.data(), static_cast<std::size_t>(n));
        gradient(p, early ? o.exaggeration : 1.0, y, tree, o.theta, attract, repel, sumQ, dy);
        for (std::size_t c = 0; c < y.size(); ++c) {
            // Gains (Jacobs 1988): grow a step that keeps its direction, shrink one that flips.
            gains[c] = (dy[c] > 0) != (update[c] > 0) ? gains[c] + 0.2 : gains[c] * 0.8;
            if (gains[c] < 0.01) gains[c] = 0.01;
            update[c] = momentum * update[c] - lr * gains[c] * dy[c];
            y[c] += update[c];
        }
        centre();
        out.iterations = it + 1;
        report(static_cast<std::size_t>(it + 1));
        if (o.frameEvery > 0 && ((it + 1) % o.frameEvery == 0 || it + 1 == o.iterations))
            frame(it + 1);
    }
    tree.build(y.data(), static_cast<std::size_t>(n));
    const double z = gradient(p, 1.0, y, tree, o.theta, attract, repel, sumQ, dy);
    out.klDivergence = klDivergence(p, y, z);
    out.y = std::move(y);
    return out;
}

}  // namespace featurelab::inspection
