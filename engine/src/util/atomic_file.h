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

/// Temporaries are named target + ".tmp-<pid>-<n>". One that a killed writer left behind is
/// removed when target is next written (writeAtomically calls this first) or, for the feature
/// cache, opened: a file of exactly that pattern for this target whose pid is no running
/// process on this machine and that nothing has written to for kStaleAfterDeadSeconds (a
/// writer on another machine sharing the folder keeps its file busy), or that nothing has
/// written to for kStaleAfterSeconds whatever its pid (pids are reused). Returns how many
/// were removed; never throws.
constexpr long kStaleAfterDeadSeconds = 120;
constexpr long kStaleAfterSeconds = 6 * 3600;
std::size_t removeStaleTemporaries(const std::string& target);

/// writeAtomically for a file whose whole content is text.
void writeTextAtomically(const std::string& target, const std::string& text);

}  // namespace featurelab::util
