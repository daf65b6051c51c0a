// The torch-side contract between models/ (architectures, weights) and training/ (the recipe).
// A Network is a backbone plus its classifier laid out as an ordered chain of named segments,
// so the recipe can cut it anywhere: cache features at a cut point, train only what follows.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "featurelab/backbone_spec.h"
#include "featurelab/preprocessing.h"

namespace featurelab {

class Network {
public:
    virtual ~Network() = default;

    /// Holds every parameter and buffer, registered under the names weight files use
    /// (torchvision: "features.0.weight", "layer1.0.conv1.weight"; Keras: "conv1/kernel"...).
    virtual torch::nn::Module& module() = 0;
    virtual std::string architecture() const = 0;
    virtual Preprocessing preprocessing() const = 0;

    /// Segment names in forward order. Cut point i is the input of segment i; cut point
    /// segmentCount() is the network's output (logits; "probs" applies softmax to it).
    virtual std::vector<std::string> segments() const = 0;
    /// Runs segments [begin, end) on x.
    virtual torch::Tensor forwardSegments(const torch::Tensor& x, std::size_t begin,
                                          std::size_t end) = 0;

    /// Named cut points the recipe needs, as segment indices:
    ///  "penultimate": the input of the last layer (after pooling/flatten and any dense block)
    ///  "dense_input": the input of the first dense/classifier layer (== penultimate when the
    ///                 architecture has no dense block, e.g. ResNet, MobileNet)
    ///  "pool":        the pooled conv output
    ///  "logits":      segments().size()
    /// plus every segment name (its input). Throws Error(InvalidArgument) for an unknown name.
    virtual std::size_t cutPoint(const std::string& name) const = 0;

    /// Replaces the last layer by a freshly initialised Linear(in, numClasses) (the lesson's
    /// model.pop() + Dense). Parameter names of the new layer stay the last layer's names.
    virtual void replaceHead(int numClasses) = 0;
    virtual int numOutputs() const = 0;

    /// The layer registry: every leaf layer in forward order with its output shape for the
    /// default input size, parameter count and trainable flag.
    virtual std::vector<LayerInfo> layers() = 0;
    /// Freezes or unfreezes one registry layer (all its parameters). Frozen BatchNorm layers
    /// stay in eval mode even when train(true) is called on the network (see setTrainMode).
    virtual void setTrainable(const std::string& layerName, bool trainable) = 0;
    /// train(on) that keeps frozen BatchNorm layers in eval mode.
    virtual void setTrainMode(bool on) = 0;
};

/// Builds the architecture named by spec and loads its weights file when one is given (format
/// detected from the file's bytes). Throws Error(InvalidArgument) for an unknown architecture
/// and Error(BadWeights) with a one-screen explanation for weights that do not fit.
std::shared_ptr<Network> createNetwork(const BackboneSpec& spec);

}  // namespace featurelab
