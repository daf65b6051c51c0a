// BackboneSpec text ("ARCH[@SIZE][:WEIGHTS_FILE]"), the architecture list and layer kind names.
#include <cstdlib>
#include <sstream>

#include "featurelab/error.h"
#include "featurelab/backbone_spec.h"
#include "models/architectures.h"

namespace featurelab {

namespace arch {

ArchRequest parseArchitecture(const std::string& text) {
    ArchRequest req;
    req.text = text;
    std::string name = text;
    const auto at = text.find('@');
    if (at != std::string::npos) {
        name = text.substr(0, at);
        const std::string size = text.substr(at + 1);
        char* end = nullptr;
        const long v = std::strtol(size.c_str(), &end, 10);
        if (size.empty() || *end != '\0' || v < 32 || v > 2048)
            throw Error(ErrorCode::InvalidArgument,
                        "Input size '@" + size + "' in '" + text +
                            "' must be a whole number of pixels between 32 and 2048.");
        req.inputSize = static_cast<int>(v);
    }
    static const std::string kV1 = "mobilenet_v1_";
    if (name.compare(0, kV1.size(), kV1) == 0) {
        const std::string alpha = name.substr(kV1.size());
        char* end = nullptr;
        const double a = std::strtod(alpha.c_str(), &end);
        // Below 1/32 the first layer (32 x alpha filters) would have no channel at all.
        if (alpha.empty() || *end != '\0' || !(a >= 1.0 / 32) || a > 4.0)
            throw Error(ErrorCode::InvalidArgument,
                        "'" + name +
                            "': the MobileNet v1 width multiplier must be a number in "
                            "[0.03125, 4], e.g. mobilenet_v1_0.25.");
        req.base = "mobilenet_v1";
        req.alpha = a;
        return req;
    }
    for (const char* known : {"vgg16", "resnet18", "resnet50", "mobilenet_v2", "torchscript"})
        if (name == known) {
            req.base = name;
            return req;
        }
    std::ostringstream os;
    os << "Unknown architecture '" << name << "'. Known: ";
    const auto all = availableArchitectures();
    for (std::size_t i = 0; i < all.size(); ++i) os << (i ? ", " : "") << all[i];
    os << " (mobilenet_v1 takes any width multiplier, e.g. mobilenet_v1_0.35; append @SIZE for "
          "another input size).";
    throw Error(ErrorCode::InvalidArgument, os.str());
}

int defaultInputSize(const ArchRequest& req) {
    if (req.base != "mobilenet_v1") return 224;
    if (req.alpha <= 0.25) return 128;
    if (req.alpha <= 0.5) return 160;
    if (req.alpha <= 0.75) return 192;
    return 224;
}

}  // namespace arch

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

std::vector<std::string> availableArchitectures() {
    return {"vgg16",
            "resnet18",
            "resnet50",
            "mobilenet_v2",
            "mobilenet_v1_0.25",
            "mobilenet_v1_0.5",
            "mobilenet_v1_0.75",
            "mobilenet_v1_1.0",
            "torchscript"};
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
