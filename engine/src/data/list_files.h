// Listing the files below a folder for classify and predict: every folder once (by device and
// inode), no hidden entries, bounded depth, and never an exception for an odd entry.
#pragma once

#include <functional>
#include <string>

namespace featurelab {

/// Calls onFile(path, relativePath) for each regular file (symlinks followed) below root, in
/// sorted order, and onSkip(relativePath, reason) for a symlink loop, a folder visited twice, a
/// folder nested more than maxDepth levels, or an entry that cannot be read. Hidden files and
/// folders (".name", e.g. .featurelab-cache, ._x) are left out silently. relativePath uses '/'.
void listFiles(const std::string& root,
               const std::function<void(const std::string&, const std::string&)>& onFile,
               const std::function<void(const std::string&, const std::string&)>& onSkip,
               int maxDepth = 32);

}  // namespace featurelab
