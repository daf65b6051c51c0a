// Ctrl-C for long featurelab-cli jobs: SIGINT sets a CancelToken, the engine stops at its next
// batch, and the command exits 130.
#pragma once

#include "featurelab/progress.h"

namespace featurelab::cli {

/// Installs the SIGINT/SIGTERM handler (once) and returns the token it sets. A second Ctrl-C
/// kills at once, for a job stuck somewhere that does not check the token.
const CancelToken& cancelOnInterrupt();

/// True once SIGINT or SIGTERM arrived.
bool interrupted();

}  // namespace featurelab::cli
