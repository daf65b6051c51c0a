// The architecture table and what is derived from it: spec parsing, the architecture list,
// default input sizes and pipelines. A new architecture is one builder file plus one row here.
#include "models/architectures.h"

#include <cstdlib>
#include <sstream>

#include "featurelab/error.h"

namespace featurelab::arch {

// The builders, one file each (models/<name>.cpp).
NetworkParts buildVgg16(const ArchRequest& req);        // vgg16.cpp
NetworkParts buildResNet(const ArchRequest& req);       // resnet.cpp (resnet18, resnet50)
NetworkParts buildMobileNetV2(const ArchRequest& req);  // mobilenet_v2.cpp
NetworkParts buildMobileNetV1(const ArchRequest& req);  // mobilenet_v1.cpp
NetworkParts buildEfficientNetB0(const ArchRequest& req);  // efficientnet_b0.cpp
NetworkParts buildKerasResNet50(const ArchRequest& req);  // keras_resnet50.cpp
void kerasResNet50AfterAliases(torch::nn::Module& root);  // keras_resnet50.cpp

namespace {

// Keras ships MobileNet v1 weights per alpha at 128 (0.25), 160 (0.5), 192 (0.75), 224 (1.0).
int mobileNetV1InputSize(const ArchRequest& req) {
    if (req.alpha <= 0.25) return 128;
    if (req.alpha <= 0.5) return 160;
    if (req.alpha <= 0.75) return 192;
    return 224;
}

Architecture row(std::string name, std::string description,
                 NetworkParts (*build)(const ArchRequest&)) {
    Architecture a;
    a.name = std::move(name);
    a.description = std::move(description);
    a.build = build;
    return a;
}

std::vector<Architecture> makeTable() {
    std::vector<Architecture> t;

    // ---- one row per architecture, in the order lists show them --------------------------
    {
        auto a = row("vgg16",
                     "VGG16: 13 convolutions and 3 dense layers; torchvision modules with Keras "
                     "layer names, so both weight families load",
                     buildVgg16);
        a.kerasPipeline = Pipeline::KerasCaffe;  // the lesson's Keras file subtracts the BGR mean
        t.push_back(a);
    }
    t.push_back(row("resnet18",
                    "ResNet-18: basic residual blocks, 512 pooled features (torchvision)",
                    buildResNet));
    t.push_back(row("resnet50",
                    "ResNet-50: bottleneck residual blocks, 2048 pooled features (torchvision)",
                    buildResNet));
    t.push_back(row("mobilenet_v2",
                    "MobileNet v2: inverted residual blocks, 1280 pooled features (torchvision)",
                    buildMobileNetV2));
    {
        auto a = row("mobilenet_v1",
                     "MobileNet v1 at width multiplier ALPHA: depthwise-separable convolutions, "
                     "Keras names and TF 'same' padding, 128-224 pixels by ALPHA",
                     buildMobileNetV1);
        a.widthMultiplier = true;
        a.inputSizeFor = mobileNetV1InputSize;
        a.pipeline = a.kerasPipeline = Pipeline::KerasSymmetric;
        a.listed = {"mobilenet_v1_0.25", "mobilenet_v1_0.5", "mobilenet_v1_0.75",
                    "mobilenet_v1_1.0"};
        t.push_back(a);
    }
    {
        auto a = row("keras_resnet50",
                     "Keras ResNet50 (v1): bottleneck blocks with conv biases, stride in the first "
                     "1x1 conv, 2048 pooled features; tf.keras or original layer names",
                     buildKerasResNet50);
        a.pipeline = a.kerasPipeline = Pipeline::KerasCaffe;
        a.convFrom = "conv5_block3_1_conv";  // the last block (its segment starts there)
        a.afterKerasAliases = kerasResNet50AfterAliases;  // the original release's BN epsilon
        t.push_back(a);
    }
    {
        auto a = row("efficientnet_b0",
                     "EfficientNet-B0: MBConv blocks with squeeze-excitation and SiLU, 1280 pooled "
                     "features (torchvision)",
                     buildEfficientNetB0);
        a.convFrom = "features.7.0.block.0.0";  // the last MBConv stage (one block, one segment)
        t.push_back(a);
    }
    // ---- (append new rows above this line) -------------------------------------------------

    return t;
}

const char* const kTorchScript = "torchscript";  // any scripted model; no row (torchscript_network)

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

const std::vector<Architecture>& architectureTable() {
    static const std::vector<Architecture> table = makeTable();
    return table;
}

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
    for (const Architecture& a : architectureTable()) {
        if (!a.widthMultiplier || !startsWith(name, a.name + "_")) continue;
        const std::string alpha = name.substr(a.name.size() + 1);
        char* end = nullptr;
        const double v = std::strtod(alpha.c_str(), &end);
        // Below 1/32 a 32-filter layer (MobileNet's first) would have no channel at all.
        if (alpha.empty() || *end != '\0' || !(v >= 1.0 / 32) || v > 4.0)
            throw Error(ErrorCode::InvalidArgument,
                        "'" + name + "': the width multiplier of " + a.name +
                            " must be a number in [0.03125, 4], e.g. " + a.name + "_0.25.");
        req.base = a.name;
        req.alpha = v;
        return req;
    }
    for (const Architecture& a : architectureTable())
        if (!a.widthMultiplier && name == a.name) {
            req.base = name;
            return req;
        }
    if (name == kTorchScript) {
        req.base = name;
        return req;
    }
    std::ostringstream os;
    os << "Unknown architecture '" << name << "'. Known: ";
    const auto all = availableArchitectures();
    for (std::size_t i = 0; i < all.size(); ++i) os << (i ? ", " : "") << all[i];
    os << " (";
    for (const Architecture& a : architectureTable())
        if (a.widthMultiplier)
            os << a.name << " takes any width multiplier, e.g. " << a.name << "_0.35; ";
    os << "append @SIZE for another input size).";
    throw Error(ErrorCode::InvalidArgument, os.str());
}

const Architecture& architectureOf(const ArchRequest& req) {
    for (const Architecture& a : architectureTable())
        if (a.name == req.base) return a;
    throw Error(ErrorCode::InvalidArgument,
                "'" + req.text + "' is not a native architecture (no row in the table).");
}

int inputSizeOf(const ArchRequest& req) {
    if (req.inputSize > 0) return req.inputSize;
    if (req.base == kTorchScript) return 224;
    const Architecture& a = architectureOf(req);
    return a.inputSizeFor ? a.inputSizeFor(req) : a.inputSize;
}

Preprocessing preprocessingOf(Pipeline pipeline, int size) {
    switch (pipeline) {
        case Pipeline::Torchvision:
            return Preprocessing::torchvision(size);
        case Pipeline::KerasSymmetric:
            return Preprocessing::kerasSymmetric(size, size);
        case Pipeline::KerasCaffe:
            return Preprocessing::kerasCaffe(size, size);
    }
    return Preprocessing::torchvision(size);
}

}  // namespace featurelab::arch

namespace featurelab {

std::vector<std::string> availableArchitectures() {
    std::vector<std::string> names;
    for (const arch::Architecture& a : arch::architectureTable()) {
        if (a.listed.empty())
            names.push_back(a.name);
        else
            names.insert(names.end(), a.listed.begin(), a.listed.end());
    }
    names.push_back(arch::kTorchScript);
    return names;
}

}  // namespace featurelab
