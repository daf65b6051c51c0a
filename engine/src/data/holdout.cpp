// holdOutValidation: a seeded, stratified validation split of train/ for folders without valid/.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "featurelab/error.h"
#include "featurelab/scan.h"
#include "recipe/api_boundary.h"
#include "util/fnv1a.h"

namespace featurelab {

namespace {

/// splitmix64's finaliser: spreads (seed, path hash) over all 64 bits, so that neighbouring
/// seeds give unrelated splits.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

HeldOutSplit split(const std::vector<ImageEntry>& train, double fraction, std::uint64_t seed) {
    if (!(fraction > 0.0 && fraction < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    "The validation fraction must lie between 0 and 1 (exclusive), got " +
                        std::to_string(fraction) + ".");
    // Per class: every image's rank is its hash, ties (never seen) broken by path. Ranking
    // by a hash of the path rather than shuffling the list keeps the split independent of
    // the order the folder was listed in.
    std::map<int, std::vector<std::tuple<std::uint64_t, std::string, std::size_t>>> byClass;
    for (std::size_t i = 0; i < train.size(); ++i)
        if (train[i].label >= 0)
            byClass[train[i].label].emplace_back(
                mix(seed ^ mix(util::fnv1a(train[i].relativePath))), train[i].relativePath, i);
    std::vector<bool> held(train.size(), false);
    std::size_t total = 0;
    for (auto& [label, members] : byClass) {
        const std::size_t n = members.size();
        if (n < 2) continue;
        const auto want = static_cast<std::size_t>(std::llround(fraction * double(n)));
        const std::size_t k = std::clamp<std::size_t>(want, 1, n - 1);
        std::sort(members.begin(), members.end());
        for (std::size_t j = 0; j < k; ++j) held[std::get<2>(members[j])] = true;
        total += k;
    }
    if (total == 0)
        throw Error(ErrorCode::BadDataset,
                    "There is no valid/ folder, and no class in train/ has the two images needed "
                    "to hold one out for validation.");
    HeldOutSplit out;
    for (std::size_t i = 0; i < train.size(); ++i)
        (held[i] ? out.valid : out.train).push_back(train[i]);
    std::sort(out.valid.begin(), out.valid.end(), [](const ImageEntry& a, const ImageEntry& b) {
        return a.relativePath < b.relativePath;
    });
    return out;
}

}  // namespace

HeldOutSplit holdOutValidation(const std::vector<ImageEntry>& train, double fraction,
                               std::uint64_t seed) {
    return recipe::atApiBoundary([&] { return split(train, fraction, seed); });
}

}  // namespace featurelab
