// ResNet-18 and ResNet-50 with torchvision's structure and state-dict names.
#include "models/arch_common.h"
#include "models/architectures.h"

namespace featurelab::arch {

namespace {

torch::nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, k).stride(stride).padding(k / 2).bias(false));
}

// BasicBlock (expansion 1) and Bottleneck (expansion 4) in one class; names as torchvision's.
class ResBlockImpl : public torch::nn::Module {
public:
    ResBlockImpl(std::string name, std::int64_t in, std::int64_t planes, std::int64_t stride,
                 bool bottleneck, std::vector<LayerEntry>& layers)
        : name_(std::move(name)), bottleneck_(bottleneck) {
        const std::int64_t out = bottleneck ? planes * 4 : planes;
        auto reg = [&](const std::string& n, LayerKind kind) {
            layers.push_back({name_ + "." + n, kind, name_ + "." + n, {}});
        };
        if (bottleneck) {
            conv1 = register_module("conv1", conv(in, planes, 1, 1));
            bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
            conv2 = register_module("conv2", conv(planes, planes, 3, stride));
            bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
            conv3 = register_module("conv3", conv(planes, out, 1, 1));
            bn3 = register_module("bn3", torch::nn::BatchNorm2d(out));
        } else {
            conv1 = register_module("conv1", conv(in, planes, 3, stride));
            bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
            conv2 = register_module("conv2", conv(planes, planes, 3, 1));
            bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
        }
        reg("conv1", LayerKind::Conv);
        reg("bn1", LayerKind::BatchNorm);
        reg("conv2", LayerKind::Conv);
        reg("bn2", LayerKind::BatchNorm);
        if (bottleneck) {
            reg("conv3", LayerKind::Conv);
            reg("bn3", LayerKind::BatchNorm);
        }
        if (stride != 1 || in != out) {
            auto ds = register_module("downsample", container());
            down_conv = ds->register_module("0", conv(in, out, 1, stride));
            down_bn = ds->register_module("1", torch::nn::BatchNorm2d(out));
            reg("downsample.0", LayerKind::Conv);
            reg("downsample.1", LayerKind::BatchNorm);
        }
        register_module("relu", torch::nn::ReLU());
        layers.push_back({name_ + ".relu", LayerKind::Activation, "", {}});
    }

    torch::Tensor forward(const torch::Tensor& x) {
        auto step = [&](const char* n, torch::Tensor t) {
            traceShape(name_ + "." + n, t);
            return t;
        };
        auto y = torch::relu(step("bn1", bn1->forward(step("conv1", conv1->forward(x)))));
        y = step("bn2", bn2->forward(step("conv2", conv2->forward(y))));
        if (bottleneck_)
            y = step("bn3", bn3->forward(step("conv3", conv3->forward(torch::relu(y)))));
        torch::Tensor identity = x;
        if (down_conv)
            identity =
                step("downsample.1", down_bn->forward(step("downsample.0", down_conv->forward(x))));
        return step("relu", torch::relu(y + identity));
    }

private:
    std::string name_;
    bool bottleneck_;
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, down_conv{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr}, down_bn{nullptr};
};
TORCH_MODULE(ResBlock);

class ResNetImpl : public torch::nn::Module {
public:
    ResNetImpl(bool bottleneck, const std::vector<int>& blocks, NetworkParts& parts) {
        conv1 = register_module("conv1", conv(3, 64, 7, 2));
        bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
        register_module("relu", torch::nn::ReLU());
        auto pool = register_module(
            "maxpool", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));
        add(parts, "conv1", LayerKind::Conv, "conv1",
            [this](const torch::Tensor& x) mutable { return conv1->forward(x); });
        add(parts, "bn1", LayerKind::BatchNorm, "bn1",
            [this](const torch::Tensor& x) mutable { return bn1->forward(x); });
        add(parts, "relu", LayerKind::Activation, "",
            [](const torch::Tensor& x) { return torch::relu(x); });
        add(parts, "maxpool", LayerKind::Pool, "",
            [pool](const torch::Tensor& x) mutable { return pool->forward(x); });
        std::int64_t in = 64;
        for (int stage = 0; stage < 4; ++stage) {
            const std::string lname = "layer" + std::to_string(stage + 1);
            auto layer = register_module(lname, container());
            const std::int64_t planes = 64 << stage;
            for (int b = 0; b < blocks[static_cast<std::size_t>(stage)]; ++b) {
                const std::string name = lname + "." + std::to_string(b);
                ResBlock block(name, in, planes, (b == 0 && stage > 0) ? 2 : 1, bottleneck,
                               parts.layers);
                layer->register_module(std::to_string(b), block);
                parts.segments.push_back(
                    {name, [block](const torch::Tensor& x) mutable { return block->forward(x); }});
                in = bottleneck ? planes * 4 : planes;
            }
        }
        features_ = in;
        register_module("avgpool", torch::nn::AdaptiveAvgPool2d(1));
        add(parts, "avgpool", LayerKind::Pool, "", [](const torch::Tensor& x) {
            return x.mean({2, 3});
        });
        fc = register_module("fc", torch::nn::Linear(in, 1000));
        add(parts, "fc", LayerKind::Dense, "fc",
            [this](const torch::Tensor& x) mutable { return fc->forward(x); });
    }

    void replaceHead(int n) { fc = replace_module("fc", torch::nn::Linear(features_, n)); }

    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Linear fc{nullptr};

private:
    static void add(NetworkParts& parts, const std::string& name, LayerKind kind,
                    const std::string& path, std::function<torch::Tensor(const torch::Tensor&)> f) {
        parts.layers.push_back({name, kind, path, {}});
        parts.segments.push_back({name, std::move(f)});
    }
    std::int64_t features_ = 0;
};
TORCH_MODULE(ResNet);

}  // namespace

NetworkParts buildResNet(const ArchRequest& req) {
    NetworkParts parts;
    parts.architecture = req.text;
    parts.preprocessing = torchvisionPreprocessing(req.inputSize > 0 ? req.inputSize : 224);
    const bool deep = req.base == "resnet50";
    ResNet net(deep, deep ? std::vector<int>{3, 4, 6, 3} : std::vector<int>{2, 2, 2, 2}, parts);
    initLikeTorchvision(*net);
    parts.root = net.ptr();
    const std::size_t fcIndex = parts.segments.size() - 1;
    parts.cuts = {{"pool", fcIndex}, {"penultimate", fcIndex}, {"dense_input", fcIndex}};
    auto impl = net.ptr();
    parts.replaceHead = [impl](int k) { impl->replaceHead(k); };
    parts.numOutputs = [impl] { return static_cast<int>(impl->fc->options.out_features()); };
    return parts;
}

}  // namespace featurelab::arch
