// An engine error's hint as the featurelab-cli flags that act on it.
#pragma once

#include <string>

#include "featurelab/error.h"

namespace featurelab::cli {

/// One sentence naming the flags or command that do what the hint offers, e.g. "To continue
/// it: featurelab-cli recipe --resume --out runs/x (same --stages)." "" for no hint.
std::string hintAsFlags(const ErrorHint& hint);

}  // namespace featurelab::cli
