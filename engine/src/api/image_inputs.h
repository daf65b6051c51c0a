// Images through a loaded network in small batches, for the handles: decode failures become
// per-image errors, cancellation and progress go through the caller's JobControl.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/preprocessing.h"

namespace featurelab::api {

/// Calls run(batch, indices) for each batch of decodable images (indices into paths) and
/// records why each other image failed in errors (same size as paths, "" for success).
/// Reports progress under phase after each batch. Throws Error(Cancelled).
void forEachBatch(const std::vector<std::string>& paths, const Preprocessing& preprocessing,
                  std::size_t batchSize, const std::string& phase, const JobControl& job,
                  std::vector<std::string>& errors,
                  const std::function<void(const torch::Tensor& batch,
                                           const std::vector<std::size_t>& indices)>& run);

}  // namespace featurelab::api
