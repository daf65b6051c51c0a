// The torch-side contract between models/ (architectures, weights) and training/ (the recipe).
// A Network is a backbone plus its classifier laid out as an ordered chain of named segments
// plus a layer registry, so the recipe can cut it anywhere (cache features at a cut point, train
// only what follows) and every architecture gets cut points, trainability and shapes the same
// way. Architectures differ only in the NetworkParts their builder makes (architectures.h).
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "featurelab/backbone_spec.h"
#include "featurelab/preprocessing.h"
#include "models/network_parts.h"

namespace featurelab {

class Network {
public:
    explicit Network(NetworkParts parts);

    /// Holds every parameter and buffer, registered under the names weight files use
    /// (torchvision: "features.0.weight", "layer1.0.conv1.weight"; Keras: "conv1/kernel"...).
    torch::nn::Module& module() { return *parts_.root; }
    std::string architecture() const { return parts_.architecture; }
    Preprocessing preprocessing() const { return parts_.preprocessing; }

    /// Segment names in forward order. Cut point i is the input of segment i; cut point
    /// segmentCount() is the network's output (logits; "probs" applies softmax to it).
    std::vector<std::string> segments() const;
    /// Runs segments [begin, end) on x.
    torch::Tensor forwardSegments(const torch::Tensor& x, std::size_t begin, std::size_t end);

    /// Named cut points the recipe needs, as segment indices:
    ///  "penultimate": the input of the last layer (after pooling/flatten and any dense block)
    ///  "dense_input": the input of the first dense/classifier layer (== penultimate when the
    ///                 architecture has no dense block, e.g. ResNet, MobileNet)
    ///  "pool":        the pooled conv output
    ///  "logits":      segments().size()
    /// plus every segment name (its input). Throws Error(InvalidArgument) for an unknown name.
    std::size_t cutPoint(const std::string& name) const;

    /// Replaces the last layer by a freshly initialised Linear(in, numClasses) (the lesson's
    /// model.pop() + Dense). Parameter names of the new layer stay the last layer's names.
    void replaceHead(int numClasses);
    int numOutputs() const { return parts_.numOutputs(); }

    /// The layer registry: every leaf layer in forward order with its output shape for the
    /// default input size, parameter count and trainable flag.
    std::vector<LayerInfo> layers();
    /// Freezes or unfreezes one registry layer (all its parameters). Frozen BatchNorm layers
    /// stay in eval mode even when train(true) is called on the network (see setTrainMode).
    void setTrainable(const std::string& layerName, bool trainable);
    /// train(on) that keeps frozen BatchNorm layers in eval mode.
    void setTrainMode(bool on);

    // For models/ (importers, exporters) and the recipe.
    const std::vector<LayerEntry>& layerEntries() const { return parts_.layers; }
    /// The registry entry for a registry name or module path; nullptr when unknown.
    const LayerEntry* findLayer(const std::string& nameOrPath) const;
    /// The parameters and buffers of one registry layer, keyed by their short names
    /// ("weight", "bias", "running_mean", "running_var").
    std::map<std::string, torch::Tensor> layerTensors(const LayerEntry& layer);
    /// The feature shape (without batch) at a cut point for the default input size.
    std::vector<std::int64_t> cutShape(std::size_t cut);
    /// The conv stage's default first layer (the architecture row's convFrom); "" = the
    /// fourth-last conv layer.
    const std::string& convFrom() const { return parts_.convFrom; }

    /// Whether the network was built without a weights file (random initialisation).
    bool randomInit = true;
    std::string weightsPath;
    std::string weightsFormat;  // "Keras HDF5", "safetensors", ... ("" for random init)
    /// Registry layers the weights file had nothing for: the classifier top of a Keras
    /// include_top=False ("notop") file. They keep their random initialisation, so the
    /// network's ImageNet outputs mean nothing; every recipe stage but 'linear' trains them.
    std::vector<std::string> untrainedTop;

private:
    std::vector<std::int64_t> probeInputShape() const;

    NetworkParts parts_;
    std::optional<std::map<std::string, std::vector<std::int64_t>>> shapes_;
};

/// Builds the architecture named by spec and loads its weights file when one is given (format
/// detected from the file's bytes). Throws Error(InvalidArgument) for an unknown architecture
/// and Error(BadWeights) with a one-screen explanation for weights that do not fit.
std::shared_ptr<Network> createNetwork(const BackboneSpec& spec);

}  // namespace featurelab
