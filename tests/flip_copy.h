// A temporary copy of real shared photos with some labels flipped on purpose: symlinks to the
// shared originals, the flipped ones in the other class's folder. For the label-error finder's
// test and benchmark; the shared folder itself is never written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "featurelab/label_issues.h"

namespace flipcopy {

struct Photo {
    std::string name;       // e.g. "cat.17.jpg"
    std::string trueClass;  // "cats" or "dogs": its folder in the shared data
};

/// cat.1.jpg, dog.1.jpg, cat.2.jpg, ... up to perClass of each (cats at even indices).
inline std::vector<Photo> photos(int perClass) {
    std::vector<Photo> out;
    for (int i = 1; i <= perClass; ++i) {
        out.push_back({"cat." + std::to_string(i) + ".jpg", "cats"});
        out.push_back({"dog." + std::to_string(i) + ".jpg", "dogs"});
    }
    return out;
}

inline std::string otherClass(const std::string& c) { return c == "cats" ? "dogs" : "cats"; }

/// flipsPerClass distinct photos of each class, drawn with seed (indices into photos()).
inline std::set<std::size_t> flipSet(std::uint64_t seed, int perClass, int flipsPerClass) {
    std::mt19937_64 rng(seed);
    std::set<std::size_t> out;
    for (const std::size_t c : {0u, 1u}) {
        std::set<std::size_t> mine;
        while (mine.size() < static_cast<std::size_t>(flipsPerClass))
            mine.insert(static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(perClass)) * 2 +
                        c);
        out.insert(mine.begin(), mine.end());
    }
    return out;
}

/// Makes root/train/<class>/ hold a symlink per photo: in its true class's folder, or the
/// other one for the flipped. Links already in place stay (their cached features stay valid).
/// Returns "" or what failed.
inline std::string arrange(const std::string& root, const std::string& sharedTrain,
                           const std::vector<Photo>& photos, const std::set<std::size_t>& flipped) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const char* c : {"cats", "dogs"}) fs::create_directories(fs::path(root) / "train" / c, ec);
    if (ec) return "cannot create " + root + ": " + ec.message();
    for (std::size_t i = 0; i < photos.size(); ++i) {
        const Photo& p = photos[i];
        const bool flip = flipped.count(i) > 0;
        const std::string want = flip ? otherClass(p.trueClass) : p.trueClass;
        fs::remove(fs::path(root) / "train" / otherClass(want) / p.name, ec);
        const fs::path link = fs::path(root) / "train" / want / p.name;
        if (fs::is_symlink(link, ec)) continue;
        fs::create_symlink(fs::path(sharedTrain) / p.trueClass / p.name, link, ec);
        if (ec) return "cannot link " + link.string() + ": " + ec.message();
    }
    return "";
}

/// The data-root-relative paths of the flipped photos as arranged ("train/dogs/cat.17.jpg").
inline std::set<std::string> flippedPaths(const std::vector<Photo>& photos,
                                          const std::set<std::size_t>& flipped) {
    std::set<std::string> out;
    for (std::size_t i : flipped)
        out.insert("train/" + otherClass(photos[i].trueClass) + "/" + photos[i].name);
    return out;
}

/// How many of paths are among the report's first `top` rows.
inline int foundInTop(const featurelab::LabelIssuesReport& r, const std::set<std::string>& paths,
                      std::size_t top) {
    int n = 0;
    for (std::size_t i = 0; i < r.rows.size() && i < top; ++i)
        n += paths.count(r.rows[i].relativePath) > 0;
    return n;
}

}  // namespace flipcopy
