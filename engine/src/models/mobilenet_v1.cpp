// Keras MobileNet v1 (any alpha): TF "same" padding, BatchNorm eps 1e-3, ReLU6, Keras layer names.
#include "models/arch_common.h"
#include "models/architectures.h"
#include "models/layer_builder.h"

namespace featurelab::arch {

namespace {

// conv (+ "same" padding) -> BN -> ReLU6 as three layers and segments: name, name_bn, name_relu.
void addConv(LayerBuilder& b, const std::string& name, std::int64_t in, std::int64_t out,
             std::int64_t k, std::int64_t stride, std::int64_t groups) {
    // Stride 1 "same" is symmetric and can live in the conv; stride 2 pads bottom/right.
    const std::int64_t pad = stride == 1 ? k / 2 : 0;
    b.layer(name, groups > 1 ? LayerKind::Depthwise : LayerKind::Conv,
            torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                  .stride(stride)
                                  .padding(pad)
                                  .groups(groups)
                                  .bias(false)),
            [k, stride](torch::nn::Conv2d& conv, const torch::Tensor& x) {
                return conv->forward(stride == 1 ? x : tfSamePad(x, k, stride));
            });
    // Keras: BatchNormalization(epsilon=1e-3, momentum=0.99); torch's momentum is 1 - Keras'.
    b.layer(name + "_bn", LayerKind::BatchNorm,
            torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(1e-3).momentum(0.01)));
    b.op(name + "_relu", LayerKind::Activation,
         [](const torch::Tensor& x) { return torch::clamp(x, 0.0, 6.0); });
}

}  // namespace

NetworkParts buildMobileNetV1(const ArchRequest& req) {
    NetworkParts parts;
    LayerBuilder b(parts, container());
    auto width = [&](int f) { return static_cast<std::int64_t>(f * req.alpha); };
    std::int64_t in = width(32);
    addConv(b, "conv1", 3, in, 3, 2, 1);
    const int filters[] = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    const int strides[] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    for (int i = 0; i < 13; ++i) {
        const std::string id = std::to_string(i + 1);
        addConv(b, "conv_dw_" + id, in, in, 3, strides[i], in);
        addConv(b, "conv_pw_" + id, in, width(filters[i]), 1, 1, 1);
        in = width(filters[i]);
    }
    b.op("global_average_pooling2d", LayerKind::Pool, [](const torch::Tensor& x) {
        return x.mean({2, 3});
    });
    b.dropout("dropout", 1e-3);
    // Keras' conv_preds is a 1x1 conv on the pooled [1, 1, C] map, i.e. a Dense layer.
    b.head("conv_preds", in, 1000);
    initLikeTorchvision(*parts.root);
    b.finish();
    return parts;
}

}  // namespace featurelab::arch
