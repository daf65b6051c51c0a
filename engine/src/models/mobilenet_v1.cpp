// Keras MobileNet v1 (any alpha): TF "same" padding, BatchNorm eps 1e-3, ReLU6, Keras layer names.
#include <cmath>

#include "models/arch_common.h"
#include "models/architectures.h"

namespace featurelab::arch {

namespace {

// Keras: BatchNormalization(epsilon=1e-3, momentum=0.99); torch's momentum is 1 - Keras'.
torch::nn::BatchNorm2d kerasBn(std::int64_t c) {
    return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(c).eps(1e-3).momentum(0.01));
}

class MobileNetV1Impl : public torch::nn::Module {
public:
    MobileNetV1Impl(double alpha, NetworkParts& parts) {
        auto width = [&](int f) { return static_cast<std::int64_t>(f * alpha); };
        std::int64_t in = width(32);
        addConv("conv1", 3, in, 3, 2, 1, parts);
        const int filters[] = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
        const int strides[] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
        for (int i = 0; i < 13; ++i) {
            const std::string id = std::to_string(i + 1);
            addConv("conv_dw_" + id, in, in, 3, strides[i], in, parts);
            addConv("conv_pw_" + id, in, width(filters[i]), 1, 1, 1, parts);
            in = width(filters[i]);
        }
        features_ = in;
        parts.layers.push_back({"global_average_pooling2d", LayerKind::Pool, "", {}});
        parts.segments.push_back({"global_average_pooling2d", [](const torch::Tensor& x) {
                                      return x.mean({2, 3});
                                  }});
        dropout = register_module("dropout", torch::nn::Dropout(1e-3));
        parts.layers.push_back({"dropout", LayerKind::Dropout, "", {}});
        parts.segments.push_back(
            {"dropout", [this](const torch::Tensor& x) mutable { return dropout->forward(x); }});
        // Keras' conv_preds is a 1x1 conv on the pooled [1, 1, C] map, i.e. a Dense layer.
        conv_preds = register_module("conv_preds", torch::nn::Linear(in, 1000));
        parts.layers.push_back({"conv_preds", LayerKind::Dense, "conv_preds", {}});
        parts.segments.push_back({"conv_preds", [this](const torch::Tensor& x) mutable {
                                      return conv_preds->forward(x);
                                  }});
    }

    void replaceHead(int n) {
        conv_preds = replace_module("conv_preds", torch::nn::Linear(features_, n));
    }

    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear conv_preds{nullptr};

private:
    // conv (+ "same" padding) -> BN -> ReLU6, as three registry layers and segments.
    void addConv(const std::string& name, std::int64_t in, std::int64_t out, std::int64_t k,
                 std::int64_t stride, std::int64_t groups, NetworkParts& parts) {
        const bool depthwise = groups > 1;
        // Stride 1 "same" is symmetric and can live in the conv; stride 2 pads bottom/right.
        const std::int64_t pad = stride == 1 ? k / 2 : 0;
        auto conv = register_module(name, torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                                                .stride(stride)
                                                                .padding(pad)
                                                                .groups(groups)
                                                                .bias(false)));
        auto bn = register_module(name + "_bn", kerasBn(out));
        parts.layers.push_back(
            {name, depthwise ? LayerKind::Depthwise : LayerKind::Conv, name, {}});
        parts.layers.push_back({name + "_bn", LayerKind::BatchNorm, name + "_bn", {}});
        parts.layers.push_back({name + "_relu", LayerKind::Activation, "", {}});
        parts.segments.push_back({name, [conv, k, stride](const torch::Tensor& x) mutable {
                                      return conv->forward(stride == 1 ? x
                                                                       : tfSamePad(x, k, stride));
                                  }});
        parts.segments.push_back(
            {name + "_bn", [bn](const torch::Tensor& x) mutable { return bn->forward(x); }});
        parts.segments.push_back(
            {name + "_relu", [](const torch::Tensor& x) { return torch::clamp(x, 0.0, 6.0); }});
    }

    std::int64_t features_ = 0;
};
TORCH_MODULE(MobileNetV1);

}  // namespace

NetworkParts buildMobileNetV1(const ArchRequest& req) {
    NetworkParts parts;
    parts.architecture = req.text;
    const int size = inputSizeOf(req);
    parts.preprocessing = kerasSymmetricPreprocessing(size, size);
    MobileNetV1 net(req.alpha, parts);
    initLikeTorchvision(*net);
    parts.root = net.ptr();
    const std::size_t n = parts.segments.size();
    parts.cuts["pool"] = n - 2;         // the output of global_average_pooling2d
    parts.cuts["penultimate"] = n - 2;  // the dropout before conv_preds trains with the head
    parts.cuts["dense_input"] = n - 2;
    auto impl = net.ptr();
    parts.replaceHead = [impl](int k) { impl->replaceHead(k); };
    parts.numOutputs = [impl] {
        return static_cast<int>(impl->conv_preds->options.out_features());
    };
    return parts;
}

}  // namespace featurelab::arch
