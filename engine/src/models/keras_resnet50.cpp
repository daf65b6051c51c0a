// Keras ResNet50 (v1) as tf.keras builds it (keras/applications/resnet.py: stack1/block1), with
// the tf.keras layer names in the registry and the original release's names as aliases, so
// both generations of resnet50_weights_tf_dim_ordering_tf_kernels.h5 (and _notop) load.
//
// What sets it apart from torchvision's resnet50: convolutions carry biases, a stage's stride
// sits in the first 1x1 convolution of its first block (and in the shortcut), not in the 3x3;
// BatchNorm epsilon is 1.001e-5; the stem pads explicitly (ZeroPadding2D layers); the input is
// Caffe-style (BGR minus the ImageNet mean, the row's pipeline).
//
// The original generation (deep-learning-models' v0.2 file: conv1, bn_conv1, res2a_branch2a,
// bn2a_branch2a, ..., fc1000) ran in keras_applications/resnet50.py, whose last version
// (keras-applications 36436f6, Keras 2.2.3 to 2.3) has the same graph (pool1_pad included)
// but BatchNormalization's default epsilon, 1e-3. A file matched by those names gets that
// epsilon through the row's afterKerasAliases hook (below). Keras <= 2.2.2 and the
// deep-learning-models script itself max-pooled without pool1_pad (55x55 maps, fixed in
// 36436f6 as not the original architecture); that variant is not reproduced.
#include <optional>

#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

namespace {

constexpr double kTfKerasEpsilon = 1.001e-5;  // resnet.py: BatchNormalization(epsilon=1.001e-5)
constexpr double kOriginalEpsilon = 1e-3;     // resnet50.py: BatchNormalization() default

torch::nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride,
                       std::int64_t pad) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(true));
}

// Keras' momentum 0.99 is torch's 0.01 (the weight of the new batch).
torch::nn::BatchNorm2d bn(std::int64_t c) {
    return torch::nn::BatchNorm2d(
        torch::nn::BatchNorm2dOptions(c).eps(kTfKerasEpsilon).momentum(0.01));
}

torch::Tensor zeroPad(const torch::Tensor& x, std::int64_t p) {
    return torch::constant_pad_nd(x, {p, p, p, p}, 0);
}

using Conv = InnerLayer<torch::nn::Conv2d>;
using Bn = InnerLayer<torch::nn::BatchNorm2d>;

/// block1 number `index` (from 1) of stack "conv<stage>" as one segment. The original names:
/// res<stage><letter>_branch2a/2b/2c for 1/2/3, _branch1 for the shortcut 0, bn... for BN.
void addBlock(LayerBuilder& b, int stage, int index, std::int64_t in, std::int64_t filters,
              std::int64_t stride) {
    const std::string name = "conv" + std::to_string(stage) + "_block" + std::to_string(index);
    const std::string old = std::to_string(stage) + char('a' + index - 1) + "_branch";
    auto convLayer = [&](const char* part, std::int64_t cin, std::int64_t cout, std::int64_t k,
                         std::int64_t s, const char* branch) {
        Conv c =
            b.tracedInner(name + part + "_conv", LayerKind::Conv, conv(cin, cout, k, s, k / 2));
        b.lastEntry().aliases = {"res" + old + branch};
        return c;
    };
    auto bnLayer = [&](const char* part, std::int64_t c, const char* branch) {
        Bn n = b.tracedInner(name + part + "_bn", LayerKind::BatchNorm, bn(c));
        b.lastEntry().aliases = {"bn" + old + branch};
        return n;
    };
    // Registry order = Keras' model.layers order (its summary): the shortcut's 0_conv and 0_bn
    // sit next to 3_conv and 3_bn, at the same depth of the graph.
    Conv conv1 = convLayer("_1", in, filters, 1, stride, "2a");
    Bn bn1 = bnLayer("_1", filters, "2a");
    InnerOp relu1 = b.innerOp(name + "_1_relu", LayerKind::Activation);
    Conv conv2 = convLayer("_2", filters, filters, 3, 1, "2b");  // 'same', stride 1: symmetric
    Bn bn2 = bnLayer("_2", filters, "2b");
    InnerOp relu2 = b.innerOp(name + "_2_relu", LayerKind::Activation);
    std::optional<Conv> conv0;
    std::optional<Bn> bn0;
    if (index == 1) conv0 = convLayer("_0", in, 4 * filters, 1, stride, "1");
    Conv conv3 = convLayer("_3", filters, 4 * filters, 1, 1, "2c");
    if (index == 1) bn0 = bnLayer("_0", 4 * filters, "1");
    Bn bn3 = bnLayer("_3", 4 * filters, "2c");
    InnerOp add = b.innerOp(name + "_add", LayerKind::Other);
    InnerOp out = b.innerOp(name + "_out", LayerKind::Activation);

    b.block(name, [=](const torch::Tensor& x) mutable {
        const torch::Tensor shortcut = conv0 ? (*bn0)((*conv0)(x)) : x;
        auto y = relu1(torch::relu(bn1(conv1(x))));
        y = relu2(torch::relu(bn2(conv2(y))));
        y = bn3(conv3(y));
        return out(torch::relu(add(shortcut + y)));
    });
}

}  // namespace

NetworkParts buildKerasResNet50(const ArchRequest&) {
    NetworkParts parts;
    LayerBuilder b(parts, container());

    b.op("conv1_pad", LayerKind::Other, [](const torch::Tensor& x) { return zeroPad(x, 3); });
    b.layer("conv1_conv", LayerKind::Conv, conv(3, 64, 7, 2, 0));
    b.lastEntry().aliases = {"conv1"};
    b.layer("conv1_bn", LayerKind::BatchNorm, bn(64));
    b.lastEntry().aliases = {"bn_conv1"};
    b.op("conv1_relu", LayerKind::Activation,
         [](const torch::Tensor& x) { return torch::relu(x); });
    b.op("pool1_pad", LayerKind::Other, [](const torch::Tensor& x) { return zeroPad(x, 1); });
    b.op("pool1_pool", LayerKind::Pool, [](const torch::Tensor& x) {
        return torch::max_pool2d(x, {3, 3}, {2, 2});
    });

    // ResNet50's stack_fn: stack1(x, filters, blocks, stride1, name="conv<stage>").
    struct Stack {
        int stage;
        std::int64_t filters;
        int blocks;
        std::int64_t stride1;
    };
    std::int64_t in = 64;
    for (const Stack& s :
         {Stack{2, 64, 3, 1}, Stack{3, 128, 4, 2}, Stack{4, 256, 6, 2}, Stack{5, 512, 3, 2}}) {
        for (int i = 1; i <= s.blocks; ++i) {
            addBlock(b, s.stage, i, in, s.filters, i == 1 ? s.stride1 : 1);
            in = 4 * s.filters;
        }
    }

    b.op("avg_pool", LayerKind::Pool, [](const torch::Tensor& x) { return x.mean({2, 3}); });
    b.head("predictions", in, 1000);
    b.lastEntry().aliases = {"fc1000"};
    initLikeTorchvision(*parts.root);
    b.finish();
    return parts;
}

void kerasResNet50AfterAliases(torch::nn::Module& root) {
    // The original release normalises by sqrt(var + 1e-3): folding the difference into the
    // moving variance keeps the modules (and every export, under the tf.keras names) at
    // tf.keras' epsilon while computing exactly what the original Keras computed.
    torch::NoGradGuard noGrad;
    for (const auto& m : root.modules(true))
        if (auto* n = m->as<torch::nn::BatchNorm2d>())
            n->running_var.add_(kOriginalEpsilon - n->options.eps());
}

}  // namespace featurelab::arch
