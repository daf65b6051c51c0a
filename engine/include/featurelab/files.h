// Writing a file a user keeps, for front ends that produce their own files (CLI CSVs).
#pragma once

#include <string>

namespace featurelab {

/// Writes contents to path through a temporary file next to it, flushed to disk and renamed
/// into place: a failure never leaves half a file and never destroys the previous one.
/// Throws Error(Io) naming the file and the reason.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace featurelab
