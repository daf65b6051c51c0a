// What an architecture builder produces (NetworkParts: modules, forward segments, the layer
// registry, cut points), and the shape tracing that blocks use to report their inner layers.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "featurelab/backbone_spec.h"
#include "featurelab/preprocessing.h"

namespace featurelab {

/// One step of the forward chain. Leaf segments are registry layers (same name); block
/// segments (a ResNet block) report their inner layers' shapes through traceShape().
struct Segment {
    std::string name;
    std::function<torch::Tensor(const torch::Tensor&)> forward;
};

/// One registry layer. modulePath names the module that owns its parameters ("" when it has
/// none); registry names may differ from module paths (vgg16: "block1_conv1" is "features.0").
struct LayerEntry {
    std::string name;
    LayerKind kind = LayerKind::Other;
    std::string modulePath;
    /// Dense layers fed by a Flatten: the (C, H, W) it flattened, so Keras channels-last
    /// kernels can have their rows permuted on import and export.
    std::vector<std::int64_t> flattenCHW;
    /// Other names weight files use for this layer (Keras ResNet50's original release:
    /// "res2a_branch2a" for "conv2_block1_1_conv").
    std::vector<std::string> aliases;
    /// The segment that runs this layer (its own, or its block's), as LayerBuilder wired it;
    /// -1 when a network was put together by hand (then found by name, see layerSegments).
    std::ptrdiff_t segment = -1;
};

/// Records the output shape of a registry layer while layers() probes the network; a no-op
/// in every other forward pass (one thread-local pointer test).
void traceShape(const std::string& layerName, const torch::Tensor& output);

/// While alive, keeps the output of one registry layer from the forward passes on this thread
/// (traceShape sees every registry layer's output, inside blocks too): Grad-CAM needs the
/// activation tensor itself, in the autograd graph, wherever the layer sits.
class LayerCapture {
public:
    explicit LayerCapture(std::string layerName);
    ~LayerCapture();
    LayerCapture(const LayerCapture&) = delete;
    LayerCapture& operator=(const LayerCapture&) = delete;
    /// The layer's latest output; undefined until a forward pass reached the layer.
    const torch::Tensor& output() const { return output_; }

private:
    friend void traceShape(const std::string&, const torch::Tensor&);
    std::string layer_;
    torch::Tensor output_;
    LayerCapture* previous_ = nullptr;
};

/// Everything an architecture provides to become a Network.
struct NetworkParts {
    std::string architecture;  // the spec's architecture text, e.g. "mobilenet_v1_0.25@128"
    Preprocessing preprocessing;
    std::shared_ptr<torch::nn::Module> root;
    std::vector<Segment> segments;
    std::vector<LayerEntry> layers;
    /// "penultimate", "dense_input", "pool" -> segment index (see Network::cutPoint).
    std::map<std::string, std::size_t> cuts;
    /// Swaps the last layer for a fresh Linear(in, n) registered under the same name.
    std::function<void(int)> replaceHead;
    std::function<int()> numOutputs;
    /// The conv stage's default first layer (the table row's convFrom); "" = the fourth-last
    /// conv layer.
    std::string convFrom;
};

}  // namespace featurelab
