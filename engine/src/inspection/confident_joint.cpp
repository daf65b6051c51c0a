// The confident joint: which images another class claims with at least its usual confidence.
#include "inspection/confident_joint.h"

#include <cstddef>
#include <limits>

namespace featurelab::inspection {

ConfidentJoint confidentJoint(const std::vector<float>& probs, int classes,
                              const std::vector<int>& given) {
    const std::size_t n = given.size(), c = static_cast<std::size_t>(classes);
    ConfidentJoint j;
    j.perClass.assign(c, 0);
    std::vector<double> sum(c, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>(given[i]);
        ++j.perClass[g];
        sum[g] += probs[i * c + g];
    }
    j.thresholds.assign(c, std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < c; ++k)
        if (j.perClass[k] > 0) j.thresholds[k] = sum[k] / static_cast<double>(j.perClass[k]);
    j.counts.assign(c, std::vector<std::int64_t>(c, 0));
    j.likelyTrue.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
        const float* p = &probs[i * c];
        int best = -1;
        for (std::size_t k = 0; k < c; ++k)
            // cleanlab's tolerance: a row exactly at the mean (float rounding) still counts.
            if (p[k] >= j.thresholds[k] - 1e-6 && (best < 0 || p[k] > p[best]))
                best = static_cast<int>(k);
        if (best < 0) continue;
        j.likelyTrue[i] = best;
        ++j.counts[static_cast<std::size_t>(given[i])][static_cast<std::size_t>(best)];
    }
    j.noiseRate.assign(c, 0.0);
    for (std::size_t g = 0; g < c; ++g) {
        std::int64_t row = 0;
        for (std::size_t k = 0; k < c; ++k) row += j.counts[g][k];
        if (row > 0)
            j.noiseRate[g] = 1.0 - static_cast<double>(j.counts[g][g]) / static_cast<double>(row);
    }
    return j;
}

}  // namespace featurelab::inspection
