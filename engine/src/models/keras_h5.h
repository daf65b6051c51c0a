// Keras HDF5 weight files at the byte level (HDF5 C API): read the legacy layout, write it back.
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace featurelab::keras {

struct Weight {
    std::string name;     // as in weight_names, e.g. "conv1/kernel:0"
    torch::Tensor value;  // float32, in the file's own layout (HWIO kernels, [in, out] dense)
};

struct Layer {
    std::string name;
    std::vector<Weight> weights;
};

struct File {
    std::vector<Layer> layers;  // in layer_names order, including weightless layers
    // Written by write(); read() leaves both empty: Keras stores them as variable-length
    // strings, which are never read (see read()).
    std::string backend;             // root attribute "backend"
    std::string kerasVersion;        // root attribute "keras_version"
    bool fullModel = false;          // weights were under /model_weights
    std::string featurelabMetadata;  // root attribute "featurelab_metadata" (our exports), JSON
};

/// Whether the bytes at the start of path are an HDF5 signature (offset 0 or a user block).
bool looksLikeHdf5(const std::string& path);

/// Reads the legacy Keras layout: root (or /model_weights) attribute layer_names, possibly
/// split as layer_names0, layer_names1, ...; per layer group the weight_names attribute.
/// Throws Error(BadWeights) for an HDF5 file that is not a Keras weights file, and for one that
/// reaches outside itself (external links, external or virtual storage) or declares more data
/// than it stores: every shape is checked before its tensor is allocated. Name lists and
/// featurelab_metadata must be fixed-length strings (as Keras and our exports write them): a
/// variable-length one is refused (BadWeights) before it is read, since libhdf5 trusts the
/// global heap that holds it.
File read(const std::string& path);

/// Writes a weights-only Keras file (layer_names, weight_names, one dataset per weight).
/// Throws Error(Io) when the file cannot be written.
void write(const std::string& path, const File& file);

}  // namespace featurelab::keras
