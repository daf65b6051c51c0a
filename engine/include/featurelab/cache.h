// The per-user feature cache: where it is, what it holds, and clearing it. Both front ends
// cache in the same place by default, so features one extracts the other reuses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace featurelab {

/// $XDG_CACHE_HOME/featurelab, else ~/.cache/featurelab. Nothing is cached inside a data
/// folder unless the caller names a cache folder there.
std::string featureCacheRoot();

/// The folder under root (default: featureCacheRoot()) that holds the features of one data
/// folder (by its absolute path): what runRecipe and extractFeatures use when no cache folder
/// is given, and what a front end passes when the user chose another cache root.
std::string defaultFeatureCacheDir(const std::string& dataDir, const std::string& root = "");

struct FeatureCacheEntry {
    std::string dataDir;  // the data folder it caches ("" when unknown)
    std::string folder;   // where its files are
    std::uint64_t bytes = 0;
    std::size_t files = 0;
};

/// The per-data-folder caches under root (default: featureCacheRoot()), largest first.
/// Throws Error(Io) when root exists but cannot be read.
std::vector<FeatureCacheEntry> listFeatureCaches(const std::string& root = "");

/// Deletes the cached features of dataDir (every data folder's when dataDir is empty) under
/// root (default: featureCacheRoot()) and returns the bytes freed. Only Featurelab's own cache
/// folders are removed. Throws Error(Io) when one cannot be removed.
std::uint64_t clearFeatureCaches(const std::string& dataDir = "", const std::string& root = "");

}  // namespace featurelab
