// The one way the engine writes a file a user keeps (models, run files, CSVs, caches).
#pragma once

#include <functional>
#include <string>

namespace featurelab::util {

/// Writes target through a temporary file next to it: fill(tmpPath) writes the temporary
/// file, which is then flushed to disk (fsync), renamed over target, and the folder synced.
/// A crash, a full disk or a throwing fill never leaves half a file behind and never destroys
/// the previous target. The temporary file is removed on failure. Throws Error(Io) (or what
/// fill throws, when it is an Error).
void writeAtomically(const std::string& target,
                     const std::function<void(const std::string& tmpPath)>& fill);

/// writeAtomically for a file whose whole content is text.
void writeTextAtomically(const std::string& target, const std::string& text);

}  // namespace featurelab::util
