// The native architectures, each as a builder of NetworkParts (module tree, segments, registry).
#pragma once

#include <string>

#include "models/chain_network.h"

namespace featurelab::arch {

/// A parsed architecture text: "mobilenet_v1_0.25@128" -> base "mobilenet_v1", alpha 0.25,
/// inputSize 128. inputSize 0 means the architecture's default.
struct ArchRequest {
    std::string text;  // the architecture text as given (kept in metadata and summaries)
    std::string base;  // vgg16, resnet18, resnet50, mobilenet_v2, mobilenet_v1, torchscript
    double alpha = 1.0;
    int inputSize = 0;
};

/// Throws Error(InvalidArgument) naming the known architectures for an unknown text.
ArchRequest parseArchitecture(const std::string& text);

/// Default input size: 224, except mobilenet_v1, whose Keras weights ship per alpha at the sizes
/// 128 (0.25), 160 (0.5), 192 (0.75) and 224 (1.0); "@SIZE" overrides it.
int defaultInputSize(const ArchRequest& req);

NetworkParts buildMobileNetV1(const ArchRequest& req);  // mobilenet_v1.cpp (Keras names)
NetworkParts buildVgg16(const ArchRequest& req);        // vgg16.cpp (torchvision modules)
NetworkParts buildResNet(const ArchRequest& req);       // resnet.cpp (resnet18, resnet50)
NetworkParts buildMobileNetV2(const ArchRequest& req);  // mobilenet_v2.cpp (torchvision)

}  // namespace featurelab::arch
