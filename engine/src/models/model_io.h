// Whole-model export (backbone + head) as safetensors or Keras-layout HDF5, and loading an
// export back into a Network with its classes and preprocessing. Used by the recipe and predict.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/network.h"

namespace featurelab {

/// Metadata keys every export carries (safetensors "__metadata__", or the HDF5 root attribute
/// "featurelab_metadata" holding the same map as a JSON object):
///   format        "featurelab-model/1"
///   architecture  the spec's architecture text, e.g. "mobilenet_v1_0.25@128"
///   classes       JSON array of class names (may be empty)
///   num_outputs   the head's width
///   preprocessing Preprocessing::toString() (Preprocessing::parse reads it back)
///   source_weights the weights file the backbone came from ("" for random init); for a
///                 'torchscript' backbone this file is needed again when loading
/// plus any caller keys in `extra` (the recipe may store e.g. "stage", "cut_point").
struct ExportedModel {
    std::shared_ptr<Network> network;  // eval mode, ready for forwardSegments
    std::string architecture;
    std::vector<std::string> classes;
    Preprocessing preprocessing;
    std::map<std::string, std::string> metadata;  // every key, including the ones above
};

/// Writes every parameter and buffer under the network's own state-dict names (torchvision
/// names for torchvision architectures), so the file also loads as a plain state dict.
/// Throws Error(Io).
void exportSafetensors(Network& net, const std::string& path,
                       const std::vector<std::string>& classes,
                       const std::map<std::string, std::string>& extra = {});

/// Writes the weighted layers in Keras layout (TensorFlow kernels, channels-last Flatten rows),
/// one HDF5 layer group per registry layer, plus the metadata attribute. Throws Error(Io).
void exportKerasHdf5(Network& net, const std::string& path,
                     const std::vector<std::string>& classes,
                     const std::map<std::string, std::string>& extra = {});

/// Rebuilds the network of an export (format from the file's bytes), its head width, weights,
/// classes and preprocessing. Outputs are bit-identical to the exported network's. Throws
/// Error(NotFound) / Error(BadWeights) (e.g. a file without featurelab metadata).
ExportedModel loadExportedModel(const std::string& path);

}  // namespace featurelab
