// Weight files other than Keras HDF5: format sniffing, safetensors, torch.save archives, and
// loading a torchvision-named state dict into a network with one-screen mismatch errors.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/network.h"

namespace featurelab {

enum class WeightsFormat {
    KerasHdf5,
    Safetensors,
    TorchSaveZip,  // torch.save(state_dict) with the zip serialisation (torch >= 1.6)
    TorchScript,   // torch.jit.save
    TorchLegacy,   // torch.save before 1.6 (raw pickle): explained, not read
    Unknown,
};
const char* weightsFormatName(WeightsFormat f);

/// Looks at the file's bytes (never its extension). Throws Error(NotFound) when it is missing.
WeightsFormat detectWeightsFormat(const std::string& path);

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// A library exception as a short reason for a user: its first line, or "corrupt or
/// unsupported content" when it is empty or an internal assertion ("please report a bug").
std::string libraryReason(const std::exception& e);

/// The deepest [ / { nesting in JSON text, by a linear scan: check it before parsing text from
/// a file, since nlohmann::json recurses on deep values.
std::size_t jsonNestingDepth(const std::string& text);

/// safetensors: 8-byte little-endian header length, a JSON header, raw little-endian data.
/// Throws Error(BadWeights) for a malformed or truncated file.
NamedTensors readSafetensors(const std::string& path,
                             std::map<std::string, std::string>* metadata = nullptr);
/// Writes float32 (and other dtype) tensors in the given order; metadata goes to
/// "__metadata__". Throws Error(Io).
void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata);

/// A torch.save(state_dict) zip archive, read with a restricted unpickler that accepts only
/// collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter and storage
/// classes; anything else is refused (never executed). Throws Error(BadWeights).
NamedTensors readTorchSaveStateDict(const std::string& path);

/// Parameters and buffers of a TorchScript archive (torch.jit.save), by name.
NamedTensors readTorchScriptStateDict(const std::string& path);

/// Copies a state dict into net by exact name (num_batches_tracked is optional). Throws
/// Error(BadWeights) listing missing and unexpected keys and naming the first shape mismatch,
/// or naming a tensor with integer data for a float weight, or with NaN/Inf values.
void loadStateDict(Network& net, const NamedTensors& tensors, const std::string& source);

/// Throws Error(BadWeights) naming source and name when value is not floating point but
/// wantFloat, or holds NaN or Inf.
void checkWeightValues(const torch::Tensor& value, bool wantFloat, const std::string& source,
                       const std::string& name);

/// The network's parameters and buffers in registration order (what exports write).
NamedTensors networkStateDict(Network& net);

}  // namespace featurelab
