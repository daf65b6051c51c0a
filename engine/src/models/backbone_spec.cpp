// BackboneSpec text ("ARCH[@SIZE][:WEIGHTS_FILE]") and layer kind names (the architectures
// themselves are the table in architectures.cpp).
#include "featurelab/backbone_spec.h"
#include "featurelab/error.h"
#include "models/architectures.h"

namespace featurelab {

BackboneSpec BackboneSpec::parse(const std::string& spec) {
    BackboneSpec out;
    const auto colon = spec.find(':');
    out.architecture = spec.substr(0, colon);
    if (colon != std::string::npos) out.weightsPath = spec.substr(colon + 1);
    if (out.architecture.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "Empty backbone spec; use ARCH[:WEIGHTS_FILE], e.g. vgg16 or "
                    "mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5.");
    arch::parseArchitecture(out.architecture);  // validates
    if (colon != std::string::npos && out.weightsPath.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "'" + spec + "' ends with ':' but names no weights file.");
    return out;
}

std::string BackboneSpec::toString() const {
    return weightsPath.empty() ? architecture : architecture + ":" + weightsPath;
}

const char* layerKindName(LayerKind kind) {
    switch (kind) {
        case LayerKind::Conv:
            return "conv";
        case LayerKind::Depthwise:
            return "depthwise";
        case LayerKind::BatchNorm:
            return "bn";
        case LayerKind::Dense:
            return "dense";
        case LayerKind::Activation:
            return "activation";
        case LayerKind::Pool:
            return "pool";
        case LayerKind::Dropout:
            return "dropout";
        case LayerKind::Flatten:
            return "flatten";
        case LayerKind::Other:
            return "other";
    }
    return "other";
}

LayerKind layerKindFromName(const std::string& name) {
    std::string known;
    for (auto k : {LayerKind::Conv, LayerKind::Depthwise, LayerKind::BatchNorm, LayerKind::Dense,
                   LayerKind::Activation, LayerKind::Pool, LayerKind::Dropout, LayerKind::Flatten,
                   LayerKind::Other}) {
        if (name == layerKindName(k)) return k;
        known += std::string(known.empty() ? "" : ", ") + layerKindName(k);
    }
    throw Error(ErrorCode::InvalidArgument,
                "Unknown layer kind '" + name + "'; use one of " + known + ".");
}

}  // namespace featurelab
