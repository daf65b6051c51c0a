// Backbones as the user sees them: spec strings, the layer registry and summaries.
// Plain C++ only; the torch side lives in engine/src/models.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "featurelab/preprocessing.h"

namespace featurelab {

/// "ARCH[:WEIGHTS_FILE]", e.g. "mobilenet_v1_0.25:/models/mobilenet_2_5_128_tf.h5".
struct BackboneSpec {
    std::string architecture;  // e.g. "vgg16", "resnet50", "mobilenet_v1_0.25"
    std::string weightsPath;   // empty: random initialisation
    /// Throws Error(InvalidArgument) for an empty or unknown architecture.
    static BackboneSpec parse(const std::string& spec);
    std::string toString() const;
};

/// Architectures this build knows, e.g. {"vgg16", "resnet18", ...}.
std::vector<std::string> availableArchitectures();

enum class LayerKind {
    Conv,
    Depthwise,
    BatchNorm,
    Dense,
    Activation,
    Pool,
    Dropout,
    Flatten,
    Other
};
/// "conv", "depthwise", "bn", "dense", "activation", "pool", "dropout", "flatten", "other".
const char* layerKindName(LayerKind kind);
/// The inverse of layerKindName. Throws Error(InvalidArgument) naming the known kinds.
LayerKind layerKindFromName(const std::string& name);

struct LayerInfo {
    std::string name;  // stable; the name weight files use (block1_conv1, layer1.0.conv1)
    LayerKind kind = LayerKind::Other;
    std::vector<std::int64_t>
        outputShape;  // without the batch dimension, for the model's input size
    std::int64_t params = 0;
    bool trainable = false;
};

}  // namespace featurelab
