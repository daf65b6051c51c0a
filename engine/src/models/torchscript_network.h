// 'torchscript:FILE': any TorchScript model as a frozen feature extractor plus a trainable head.
#pragma once

#include <memory>
#include <string>

#include "models/architectures.h"
#include "models/network.h"

namespace featurelab {

/// Segments: "torchscript" (the frozen scripted model; a 4-D output is average-pooled, any
/// other output flattened; its width is probed once on a zero image), then "head" (identity
/// until replaceHead). Throws Error(BadWeights) for a file TorchScript cannot load or run.
std::shared_ptr<Network> createTorchScriptNetwork(const arch::ArchRequest& req,
                                                  const std::string& path);

}  // namespace featurelab
