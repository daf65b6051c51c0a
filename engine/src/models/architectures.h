// The table of native architectures: one row each (architectures.cpp), one builder file each.
// Adding an architecture = its builder file (layers through LayerBuilder) + one row here.
#pragma once

#include <string>
#include <vector>

#include "models/network_parts.h"

namespace featurelab::arch {

/// A parsed architecture text: "mobilenet_v1_0.25@128" -> base "mobilenet_v1", alpha 0.25,
/// inputSize 128. inputSize 0 means the row's default.
struct ArchRequest {
    std::string text;  // the architecture text as given (kept in metadata and summaries)
    std::string base;  // a row's name, or "torchscript"
    double alpha = 1.0;
    int inputSize = 0;
};

/// The input pipeline a family of weights was trained with (featurelab/preprocessing.h).
enum class Pipeline {
    Torchvision,     // ImageNet mean/std, shorter side to 256/224 of the size, centre crop
    KerasSymmetric,  // x / 127.5 - 1, direct resize (MobileNet v1)
    KerasCaffe,      // RGB -> BGR minus the ImageNet mean, direct resize (VGG16, ResNet50)
};

/// One row of the architecture table.
struct Architecture {
    /// The spec name. With widthMultiplier, the prefix of "NAME_<alpha>" (mobilenet_v1_0.25).
    std::string name;
    /// One line for `featurelab-cli backbones`, the GUI's backbone box and the README.
    std::string description;
    /// Builds the modules, segments and registry (a LayerBuilder inside) for the request.
    NetworkParts (*build)(const ArchRequest&) = nullptr;
    /// Default input size (square) for "NAME" without "@SIZE".
    int inputSize = 224;
    /// Default input size by request when it depends on it (mobilenet_v1: per alpha);
    /// nullptr = inputSize.
    int (*inputSizeFor)(const ArchRequest&) = nullptr;
    /// The native pipeline, and the one for a Keras HDF5 weights file of this architecture
    /// (vgg16: torchvision natively, Keras' Caffe-style for the lesson's Keras file).
    Pipeline pipeline = Pipeline::Torchvision;
    Pipeline kerasPipeline = Pipeline::Torchvision;
    /// The conv stage's default first layer; "" = the fourth-last conv layer.
    std::string convFrom;
    /// "NAME_<alpha>" with alpha in [1/32, 4] (the request's alpha).
    bool widthMultiplier = false;
    /// The names availableArchitectures() lists for this row (default: {name}).
    std::vector<std::string> listed;
    /// Called on the network's modules after a Keras file loaded by LayerEntry::aliases (an
    /// older release's layer names for the same weights), for what that release computed
    /// differently beyond names (keras_resnet50: BatchNorm epsilon 1e-3, not 1.001e-5).
    /// nullptr: the generations differ in names only.
    void (*afterKerasAliases)(torch::nn::Module& root) = nullptr;
};

/// Every native architecture, in the order lists show them.
const std::vector<Architecture>& architectureTable();

/// Throws Error(InvalidArgument) naming the known architectures for an unknown text.
ArchRequest parseArchitecture(const std::string& text);

/// The row of a parsed request; throws Error(InvalidArgument) for "torchscript" (no row).
const Architecture& architectureOf(const ArchRequest& req);

/// The request's input size: "@SIZE", else the row's default (224 for "torchscript").
int inputSizeOf(const ArchRequest& req);

/// The Preprocessing of a pipeline at a square size.
Preprocessing preprocessingOf(Pipeline pipeline, int size);

}  // namespace featurelab::arch
