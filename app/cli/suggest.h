// "Did you mean": the closest candidate to a mistyped option or command (both binaries use it).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace featurelab::cli {

inline std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

/// The candidate closest to typed, or "" when none is close enough to be a likely typo.
inline std::string closest(const std::string& typed, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t bestDistance = std::string::npos;
    for (const auto& c : candidates) {
        // A prefix ("--batch" for "--batch-size") counts as close whatever its length.
        const std::size_t d = c.compare(0, typed.size(), typed) == 0 ? 1 : editDistance(typed, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    // More than a third of the word changed is another word, not a typo.
    return bestDistance <= std::max<std::size_t>(2, typed.size() / 3) ? best : std::string();
}

}  // namespace featurelab::cli
