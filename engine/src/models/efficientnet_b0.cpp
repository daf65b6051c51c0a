// EfficientNet-B0 with torchvision 0.14's structure and state-dict names (features.N.M.block.K,
// classifier.1), so torchvision's .pth and safetensors files load by name.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

namespace {

// torchvision's Conv2dNormActivation at `path`: "0" conv (no bias), "1" BatchNorm (torch's
// defaults, eps 1e-5 and momentum 0.1: B0 passes no norm_layer), "2" SiLU unless it is a
// projection.
struct ConvNormAct {
    InnerLayer<torch::nn::Conv2d> conv;
    InnerLayer<torch::nn::BatchNorm2d> bn;
    std::optional<InnerOp> act;

    torch::Tensor operator()(const torch::Tensor& x) {
        auto y = bn(conv(x));
        return act ? (*act)(torch::silu(y)) : y;
    }
};

ConvNormAct convNormAct(LayerBuilder& b, const std::string& path, std::int64_t in, std::int64_t out,
                        std::int64_t k, std::int64_t stride = 1, std::int64_t groups = 1,
                        bool activation = true) {
    auto conv = b.tracedInner(path + ".0", groups > 1 ? LayerKind::Depthwise : LayerKind::Conv,
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                                    .stride(stride)
                                                    .padding((k - 1) / 2)
                                                    .groups(groups)
                                                    .bias(false)));
    auto bn = b.tracedInner(path + ".1", LayerKind::BatchNorm, torch::nn::BatchNorm2d(out));
    std::optional<InnerOp> act;
    if (activation) act = b.innerOp(path + ".2", LayerKind::Activation);
    return {std::move(conv), std::move(bn), std::move(act)};
}

// torchvision's SqueezeExcitation: the channel means -> fc1 (1x1 conv with bias) -> SiLU ->
// fc2 -> sigmoid, which scales the input's channels. Its width is max(1, block input / 4).
struct SqueezeExcitation {
    InnerOp avgpool;
    InnerLayer<torch::nn::Conv2d> fc1;
    InnerOp activation;
    InnerLayer<torch::nn::Conv2d> fc2;
    InnerOp scaleActivation;

    torch::Tensor operator()(const torch::Tensor& x) {
        auto s = fc1(avgpool(torch::adaptive_avg_pool2d(x, {1, 1})));
        s = fc2(activation(torch::silu(s)));
        return scaleActivation(torch::sigmoid(s)) * x;
    }
};

SqueezeExcitation squeezeExcitation(LayerBuilder& b, const std::string& path, std::int64_t channels,
                                    std::int64_t squeeze) {
    auto pool = b.innerOp(path + ".avgpool", LayerKind::Pool);
    auto fc1 = b.tracedInner(path + ".fc1", LayerKind::Conv,
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, squeeze, 1)));
    auto act = b.innerOp(path + ".activation", LayerKind::Activation);
    auto fc2 = b.tracedInner(path + ".fc2", LayerKind::Conv,
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(squeeze, channels, 1)));
    auto scale = b.innerOp(path + ".scale_activation", LayerKind::Activation);
    return {std::move(pool), std::move(fc1), std::move(act), std::move(fc2), std::move(scale)};
}

// One MBConv block: [expand 1x1] -> depthwise kxk -> squeeze-excitation -> project 1x1, plus
// the input when stride is 1 and the widths match. On that residual branch, stochastic depth
// ("row" mode) drops whole samples with probability p in training and scales the kept ones by
// 1/(1-p), drawing from torch's generator as torchvision's stochastic_depth does.
struct MBConv {
    std::optional<ConvNormAct> expand;
    ConvNormAct depthwise;
    SqueezeExcitation se;
    ConvNormAct project;
    std::optional<InnerOp> depth;             // residual blocks only
    std::shared_ptr<torch::nn::Module> root;  // its train/eval flag (Network::setTrainMode)
    std::vector<torch::Tensor> parameters;
    double p = 0.0;

    // Featurelab's frozen layers behave as at inference (setTrainMode keeps frozen BatchNorm
    // in eval), so that a block below the trained layers gives the same features streamed as
    // cached: stochastic depth acts only while the block itself trains.
    bool dropping() const {
        if (!root->is_training() || p <= 0.0) return false;
        for (const auto& t : parameters)
            if (t.requires_grad()) return true;
        return false;
    }

    torch::Tensor operator()(const torch::Tensor& x) {
        torch::Tensor y = project(se(depthwise(expand ? (*expand)(x) : x)));
        if (!depth) return y;
        if (dropping()) {
            const double survival = 1.0 - p;
            std::vector<std::int64_t> size(static_cast<std::size_t>(y.dim()), 1);
            size[0] = y.size(0);
            auto noise = torch::empty(size, y.options()).bernoulli_(survival);
            if (survival > 0.0) noise.div_(survival);
            y = y * noise;
        }
        return (*depth)(y) + x;
    }
};

// torchvision's _efficientnet_conf("efficientnet_b0", width_mult=1.0, depth_mult=1.0): expand
// ratio, kernel, stride, input channels, output channels, layers per stage.
struct StageConf {
    std::int64_t expand, kernel, stride, in, out, layers;
};
constexpr StageConf kStages[] = {
    {1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},  {6, 3, 2, 40, 80, 3},
    {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1}};
constexpr double kStochasticDepth = 0.2;  // block i of 16 drops with 0.2 * i / 16 (torchvision)
constexpr double kDropout = 0.2;          // before the classifier

void addBlock(LayerBuilder& b, std::shared_ptr<torch::nn::Module> root, const std::string& path,
              std::int64_t in, std::int64_t out, std::int64_t expandRatio, std::int64_t kernel,
              std::int64_t stride, double p) {
    const std::int64_t expanded = in * expandRatio;  // _make_divisible is exact for B0's widths
    int child = 0;
    auto next = [&] { return path + ".block." + std::to_string(child++); };
    MBConv m{expanded != in ? std::optional<ConvNormAct>(convNormAct(b, next(), in, expanded, 1))
                            : std::nullopt,
             convNormAct(b, next(), expanded, expanded, kernel, stride, expanded),
             squeezeExcitation(b, next(), expanded, std::max<std::int64_t>(1, in / 4)),
             convNormAct(b, next(), expanded, out, 1, 1, 1, false),
             std::nullopt,
             root,
             {},
             p};
    if (stride == 1 && in == out)
        m.depth = b.innerOp(path + ".stochastic_depth", LayerKind::Dropout);
    for (const auto& t : root->named_parameters(true))
        if (t.key().rfind(path + ".", 0) == 0) m.parameters.push_back(t.value());
    b.block(path, [m](const torch::Tensor& x) mutable { return m(x); });
}

}  // namespace

NetworkParts buildEfficientNetB0(const ArchRequest& req) {
    (void)req;  // one width and depth; the input size only changes the probed shapes
    NetworkParts parts;
    auto root = std::make_shared<torch::nn::Module>();
    LayerBuilder b(parts, root);

    auto stem = convNormAct(b, "features.0", 3, kStages[0].in, 3, 2);
    b.block("features.0", [stem](const torch::Tensor& x) mutable { return stem(x); });
    std::int64_t total = 0;
    for (const auto& s : kStages) total += s.layers;
    std::int64_t id = 0;
    int stage = 1;
    for (const auto& s : kStages) {
        for (std::int64_t i = 0; i < s.layers; ++i, ++id)
            addBlock(b, root, "features." + std::to_string(stage) + "." + std::to_string(i),
                     i == 0 ? s.in : s.out, s.out, s.expand, s.kernel, i == 0 ? s.stride : 1,
                     kStochasticDepth * static_cast<double>(id) / static_cast<double>(total));
        ++stage;
    }
    const std::int64_t last = 4 * kStages[6].out;  // 1280
    auto top = convNormAct(b, "features.8", kStages[6].out, last, 1);
    b.block("features.8", [top](const torch::Tensor& x) mutable { return top(x); });
    b.op("avgpool", LayerKind::Pool, [](const torch::Tensor& x) {
        return torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    });
    b.dropout("classifier.0", kDropout);
    b.head("classifier.1", last, 1000);
    b.finish();

    initLikeTorchvision(*root);
    // torchvision's EfficientNet draws its classifier from U(-1/sqrt(out), 1/sqrt(out)).
    torch::NoGradGuard noGrad;
    for (auto& t : root->named_parameters(true)) {
        if (t.key() == "classifier.1.weight")
            torch::nn::init::uniform_(t.value(), -1.0 / std::sqrt(1000.0), 1.0 / std::sqrt(1000.0));
    }
    return parts;
}

}  // namespace featurelab::arch
