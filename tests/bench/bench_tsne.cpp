// Benchmark: Barnes-Hut t-SNE of the embedding map on Gaussian blobs: N points (default
// 10,000) in 50 dimensions, 10 blobs, 1,000 iterations. Prints the wall time of the input
// similarities and of the gradient descent, the final KL divergence and the leave-one-out
// 5-NN accuracy of the blob labels in the 2-D map. Not a test; README and the commit messages
// quote it.
//
//   bench_tsne [--points 10000] [--iterations 1000] [--threads 2]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "featurelab/runtime.h"
#include "inspection/tsne.h"

using namespace featurelab;

int main(int argc, char** argv) {
    int points = 10000, iterations = 1000, threads = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--points") points = std::atoi(argv[i + 1]);
        if (a == "--iterations") iterations = std::atoi(argv[i + 1]);
        if (a == "--threads") threads = std::atoi(argv[i + 1]);
    }
    const RuntimeInfo rt = initRuntime(threads);
    std::printf("%s\n", rt.description.c_str());
    constexpr int kBlobs = 10, kDim = 50;
    torch::manual_seed(1);
    std::vector<torch::Tensor> parts;
    std::vector<int> labels;
    for (int b = 0; b < kBlobs; ++b) {
        const int n = points / kBlobs + (b < points % kBlobs ? 1 : 0);
        parts.push_back(4 * torch::randn({1, kDim}) + torch::randn({n, kDim}));
        labels.insert(labels.end(), static_cast<std::size_t>(n), b);
    }
    const torch::Tensor x = torch::cat(parts);

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const std::clock_t c0 = std::clock();
    double firstIteration = -1, firstCpu = -1;
    inspection::TsneOptions o;
    o.iterations = iterations;
    o.frameEvery = 1;
    o.onFrame = [&](const EmbeddingFrame& f) {
        if (f.iteration != 1) return;
        firstIteration = std::chrono::duration<double>(Clock::now() - t0).count();
        firstCpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    };
    const inspection::Tsne t = inspection::tsne(x, o);
    const double total = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;

    // Leave-one-out 5-NN accuracy in 2-D.
    const std::size_t n = labels.size();
    std::size_t right = 0;
    std::vector<std::pair<double, int>> d(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double dx = t.y[2 * i] - t.y[2 * j], dy = t.y[2 * i + 1] - t.y[2 * j + 1];
            d[j] = {i == j ? 1e300 : dx * dx + dy * dy, labels[j]};
        }
        std::partial_sort(d.begin(), d.begin() + 5, d.end());
        std::map<int, int> votes;
        for (int m = 0; m < 5; ++m) ++votes[d[static_cast<std::size_t>(m)].second];
        int best = -1, most = 0;
        for (const auto& [l, c] : votes)
            if (c > most) best = l, most = c;
        right += best == labels[i];
    }
    std::printf(
        "%d points x %d dims, %d iterations: %.1f s in all (neighbours, P and the first "
        "iteration %.1f s; %.1f ms per iteration after); CPU time %.1f s (%.1f s; %.1f ms), "
        "KL %.3f, 2-D 5-NN accuracy %.4f\n",
        points, kDim, iterations, total, firstIteration,
        1000 * (total - firstIteration) / std::max(1, iterations - 1), cpu, firstCpu,
        1000 * (cpu - firstCpu) / std::max(1, iterations - 1), t.klDivergence,
        static_cast<double>(right) / static_cast<double>(n));
    return 0;
}
