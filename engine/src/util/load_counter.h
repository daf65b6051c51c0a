// Counts weight and model file reads, for featurelab::weightsLoadCount() (featurelab/runtime.h).
#pragma once

namespace featurelab::util {

/// Called once by each function that reads a weights or model file into a network.
void noteWeightsLoad();

}  // namespace featurelab::util
