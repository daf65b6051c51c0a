// The lesson's five inspection views, generalised from two classes to N.
#include <algorithm>
#include <random>

#include "featurelab/inspection.h"
#include "inspection/evaluation.h"

namespace featurelab {

namespace {

/// k distinct picks from pool in pool order, chosen by a partial Fisher-Yates shuffle driven by
/// mt19937_64 with plain modulo: std::uniform_int_distribution differs between standard
/// libraries, and the same seed must show the same images everywhere.
std::vector<std::size_t> samplePicks(std::vector<std::size_t> pool, std::size_t k,
                                     std::uint64_t seed) {
    if (pool.size() <= k) return pool;
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng() % (pool.size() - i));
        std::swap(pool[i], pool[j]);
    }
    pool.resize(k);
    std::sort(pool.begin(), pool.end());
    return pool;
}

float probOf(const PredictionRow& r, int c) {
    return c >= 0 && static_cast<std::size_t>(c) < r.probs.size()
               ? r.probs[static_cast<std::size_t>(c)]
               : 0.0f;
}

/// top1 - top2; a single-class row has nothing to be unsure between, so its margin is top1.
float topTwoMargin(const std::vector<float>& p) {
    float a = -1, b = 0;
    for (float v : p) {
        if (v > a) {
            b = std::max(a, 0.0f);
            a = v;
        } else if (v > b) {
            b = v;
        }
    }
    return p.empty() ? 0.0f : a - b;
}

/// Indices sorted by key descending (ascending when !descending); ties keep row order so that
/// views are stable.
template <typename Key>
std::vector<std::size_t> topK(std::vector<std::size_t> idx, std::size_t k, Key key,
                              bool descending) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return descending ? key(a) > key(b) : key(a) < key(b);
    });
    if (idx.size() > k) idx.resize(k);
    return idx;
}

}  // namespace

InspectionViews inspectionViews(const std::vector<PredictionRow>& rows, int numClasses,
                                std::size_t k, std::uint64_t seed) {
    InspectionViews v;
    const std::size_t n = numClasses > 0 ? static_cast<std::size_t>(numClasses) : 0;
    std::vector<std::size_t> correct, incorrect, all;
    std::vector<std::vector<std::size_t>> correctBy(n), wrongBy(n);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const PredictionRow& r = rows[i];
        if (!r.probs.empty()) all.push_back(i);
        if (r.trueLabel < 0) continue;
        if (r.predicted == r.trueLabel) {
            correct.push_back(i);
            if (static_cast<std::size_t>(r.trueLabel) < n)
                correctBy[static_cast<std::size_t>(r.trueLabel)].push_back(i);
        } else {
            incorrect.push_back(i);
            if (r.predicted >= 0 && static_cast<std::size_t>(r.predicted) < n)
                wrongBy[static_cast<std::size_t>(r.predicted)].push_back(i);
        }
    }
    // Different streams for the two random views, so one does not mirror the other's picks.
    v.randomCorrect = samplePicks(correct, k, seed);
    v.randomIncorrect = samplePicks(incorrect, k, seed ^ 0x9e3779b97f4a7c15ULL);
    v.mostConfidentCorrect.resize(n);
    v.mostConfidentWrong.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
        const int ci = static_cast<int>(c);
        auto conf = [&](std::size_t i) { return probOf(rows[i], ci); };
        v.mostConfidentCorrect[c] = topK(correctBy[c], k, conf, true);
        v.mostConfidentWrong[c] = topK(wrongBy[c], k, conf, true);
    }
    v.mostUncertain = topK(
        all, k, [&](std::size_t i) { return topTwoMargin(rows[i].probs); }, false);
    return v;
}

}  // namespace featurelab
