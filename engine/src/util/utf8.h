// Text that goes into JSON must be valid UTF-8, but file and class names are whatever bytes the
// file system holds: this makes them valid, the same way on writing and on reading back.
#pragma once

#include <string>

namespace featurelab::util {

/// s with every byte that does not start a valid UTF-8 sequence replaced by U+FFFD. Valid
/// UTF-8 comes back unchanged, so the function is idempotent.
std::string validUtf8(const std::string& s);

}  // namespace featurelab::util
