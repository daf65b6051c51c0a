// ResNet-18 and ResNet-50 with torchvision's structure and state-dict names.
#include <optional>

#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

namespace {

torch::nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2).bias(false));
}

using Conv = InnerLayer<torch::nn::Conv2d>;
using Bn = InnerLayer<torch::nn::BatchNorm2d>;

// BasicBlock (expansion 1) or Bottleneck (expansion 4) at `path` ("layer1.0"), as one segment
// with torchvision's child names.
void addBlock(LayerBuilder& b, const std::string& path, std::int64_t in, std::int64_t planes,
              std::int64_t stride, bool bottleneck) {
    const std::int64_t out = bottleneck ? planes * 4 : planes;
    auto layer = [&](const char* child, auto module, LayerKind kind) {
        return b.tracedInner(path + "." + child, kind, module);
    };
    // Bottleneck: 1x1 reduce, 3x3 (strided), 1x1 expand; basic: two 3x3, the first strided.
    Conv conv1 = layer("conv1", conv(in, planes, bottleneck ? 1 : 3, bottleneck ? 1 : stride),
                       LayerKind::Conv);
    Bn bn1 = layer("bn1", torch::nn::BatchNorm2d(planes), LayerKind::BatchNorm);
    Conv conv2 = layer("conv2", conv(planes, planes, 3, bottleneck ? stride : 1), LayerKind::Conv);
    Bn bn2 = layer("bn2", torch::nn::BatchNorm2d(planes), LayerKind::BatchNorm);
    std::optional<Conv> conv3, downConv;
    std::optional<Bn> bn3, downBn;
    if (bottleneck) {
        conv3 = layer("conv3", conv(planes, out, 1, 1), LayerKind::Conv);
        bn3 = layer("bn3", torch::nn::BatchNorm2d(out), LayerKind::BatchNorm);
    }
    if (stride != 1 || in != out) {
        downConv = layer("downsample.0", conv(in, out, 1, stride), LayerKind::Conv);
        downBn = layer("downsample.1", torch::nn::BatchNorm2d(out), LayerKind::BatchNorm);
    }
    InnerOp relu = b.innerOp(path + ".relu", LayerKind::Activation);
    b.block(path, [=](const torch::Tensor& x) mutable {
        auto y = torch::relu(bn1(conv1(x)));
        y = bn2(conv2(y));
        if (conv3) y = (*bn3)((*conv3)(torch::relu(y)));
        const torch::Tensor identity = downConv ? (*downBn)((*downConv)(x)) : x;
        return relu(torch::relu(y + identity));
    });
}

}  // namespace

NetworkParts buildResNet(const ArchRequest& req) {
    const bool bottleneck = req.base == "resnet50";
    const std::vector<int> blocks =
        bottleneck ? std::vector<int>{3, 4, 6, 3} : std::vector<int>{2, 2, 2, 2};
    NetworkParts parts;
    LayerBuilder b(parts, container());
    b.layer("conv1", LayerKind::Conv, conv(3, 64, 7, 2));
    b.layer("bn1", LayerKind::BatchNorm, torch::nn::BatchNorm2d(64));
    b.op("relu", LayerKind::Activation, [](const torch::Tensor& x) { return torch::relu(x); });
    b.op("maxpool", LayerKind::Pool,
         [](const torch::Tensor& x) { return torch::max_pool2d(x, 3, 2, 1); });
    std::int64_t in = 64;
    for (int stage = 0; stage < 4; ++stage) {
        const std::int64_t planes = 64 << stage;
        for (int i = 0; i < blocks[static_cast<std::size_t>(stage)]; ++i) {
            addBlock(b, "layer" + std::to_string(stage + 1) + "." + std::to_string(i), in, planes,
                     (i == 0 && stage > 0) ? 2 : 1, bottleneck);
            in = bottleneck ? planes * 4 : planes;
        }
    }
    b.op("avgpool", LayerKind::Pool, [](const torch::Tensor& x) { return x.mean({2, 3}); });
    b.head("fc", in, 1000);
    initLikeTorchvision(*parts.root);
    b.finish();
    return parts;
}

}  // namespace featurelab::arch
