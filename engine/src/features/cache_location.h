// Where feature caches live by default: next to the data when it is writable, else per user.
#pragma once

#include <string>

namespace featurelab {

/// <data>/.featurelab-cache when the data folder is writable, else $XDG_CACHE_HOME/featurelab
/// or ~/.cache/featurelab (shared data sets are often read-only). Used by both
/// featurelab-cli extract and the recipe so that one fills the other's cache.
std::string defaultFeatureCacheDir(const std::string& dataRoot);

}  // namespace featurelab
