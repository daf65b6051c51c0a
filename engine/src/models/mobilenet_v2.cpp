// MobileNet v2 with torchvision 0.14's structure and names (features.N.conv.M.K, classifier.1).
#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

namespace {

// torchvision's Conv2dNormActivation at `path`: children "0" conv, "1" BN, "2" ReLU6.
struct ConvBnAct {
    InnerLayer<torch::nn::Conv2d> conv;
    InnerLayer<torch::nn::BatchNorm2d> bn;
    InnerOp act;
    torch::Tensor operator()(const torch::Tensor& x) {
        return act(torch::clamp(bn(conv(x)), 0.0, 6.0));
    }
};

ConvBnAct convBnAct(LayerBuilder& b, const std::string& path, std::int64_t in, std::int64_t out,
                    std::int64_t k, std::int64_t stride, std::int64_t groups) {
    auto conv = b.tracedInner(path + ".0", groups > 1 ? LayerKind::Depthwise : LayerKind::Conv,
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                                    .stride(stride)
                                                    .padding((k - 1) / 2)
                                                    .groups(groups)
                                                    .bias(false)));
    auto bn = b.tracedInner(path + ".1", LayerKind::BatchNorm, torch::nn::BatchNorm2d(out));
    return {conv, bn, b.innerOp(path + ".2", LayerKind::Activation)};
}

// A lone Conv2dNormActivation as one segment (the stem features.0 and the last features.18).
void addConvBlock(LayerBuilder& b, const std::string& path, std::int64_t in, std::int64_t out,
                  std::int64_t k, std::int64_t stride) {
    auto c = convBnAct(b, path, in, out, k, stride, 1);
    b.block(path, [c](const torch::Tensor& x) mutable { return c(x); });
}

// An inverted residual block at `path` ("features.3"): [1x1 expand,] 3x3 depthwise, 1x1
// projection + BN under "conv", the input added back when the shape allows.
void addInvertedResidual(LayerBuilder& b, const std::string& path, std::int64_t in,
                         std::int64_t out, std::int64_t stride, std::int64_t expand) {
    const std::int64_t hidden = in * expand;
    auto child = [&, next = 0]() mutable { return path + ".conv." + std::to_string(next++); };
    std::vector<ConvBnAct> steps;
    if (expand != 1) steps.push_back(convBnAct(b, child(), in, hidden, 1, 1, 1));
    steps.push_back(convBnAct(b, child(), hidden, hidden, 3, stride, hidden));
    auto proj =
        b.tracedInner(child(), LayerKind::Conv,
                      torch::nn::Conv2d(torch::nn::Conv2dOptions(hidden, out, 1).bias(false)));
    auto bn = b.tracedInner(child(), LayerKind::BatchNorm, torch::nn::BatchNorm2d(out));
    const bool residual = stride == 1 && in == out;
    b.block(path, [=](const torch::Tensor& x) mutable {
        torch::Tensor y = x;
        for (auto& s : steps) y = s(y);
        y = bn(proj(y));
        return residual ? x + y : y;
    });
}

}  // namespace

NetworkParts buildMobileNetV2(const ArchRequest&) {
    NetworkParts parts;
    LayerBuilder b(parts, container());
    addConvBlock(b, "features.0", 3, 32, 3, 2);
    // t (expansion), c (channels), n (blocks), s (first block's stride), as in the paper.
    const int setting[][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                              {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    std::int64_t in = 32;
    int index = 1;
    for (const auto& s : setting)
        for (int i = 0; i < s[2]; ++i) {
            addInvertedResidual(b, "features." + std::to_string(index++), in, s[1],
                                i == 0 ? s[3] : 1, s[0]);
            in = s[1];
        }
    addConvBlock(b, "features." + std::to_string(index), in, 1280, 1, 1);
    b.op("avgpool", LayerKind::Pool, [](const torch::Tensor& x) { return x.mean({2, 3}); });
    b.dropout("classifier.0", 0.2);
    b.head("classifier.1", 1280, 1000);
    initLikeTorchvision(*parts.root);
    b.finish();
    return parts;
}

}  // namespace featurelab::arch
