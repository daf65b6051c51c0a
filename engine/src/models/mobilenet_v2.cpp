// MobileNet v2 with torchvision 0.14's structure and names (features.N.conv.M.K, classifier.1).
#include "models/arch_common.h"
#include "models/architectures.h"

namespace featurelab::arch {

namespace {

// torchvision's Conv2dNormActivation: children "0" conv, "1" BN, "2" ReLU6; traced by path.
struct ConvBnAct {
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
    std::string path;
    torch::Tensor forward(const torch::Tensor& x) {
        auto y = conv->forward(x);
        traceShape(path + ".0", y);
        y = bn->forward(y);
        traceShape(path + ".1", y);
        y = torch::clamp(y, 0.0, 6.0);
        traceShape(path + ".2", y);
        return y;
    }
};

ConvBnAct makeConvBnAct(torch::nn::Module& parent, const std::string& childName,
                        const std::string& path, std::int64_t in, std::int64_t out, std::int64_t k,
                        std::int64_t stride, std::int64_t groups, std::vector<LayerEntry>& layers) {
    auto box = parent.register_module(childName, container());
    ConvBnAct c;
    c.path = path;
    c.conv = box->register_module("0", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                                             .stride(stride)
                                                             .padding((k - 1) / 2)
                                                             .groups(groups)
                                                             .bias(false)));
    c.bn = box->register_module("1", torch::nn::BatchNorm2d(out));
    box->register_module("2", torch::nn::ReLU6());
    layers.push_back(
        {path + ".0", groups > 1 ? LayerKind::Depthwise : LayerKind::Conv, path + ".0", {}});
    layers.push_back({path + ".1", LayerKind::BatchNorm, path + ".1", {}});
    layers.push_back({path + ".2", LayerKind::Activation, "", {}});
    return c;
}

class InvertedResidualImpl : public torch::nn::Module {
public:
    InvertedResidualImpl(const std::string& path, std::int64_t in, std::int64_t out,
                         std::int64_t stride, std::int64_t expand, std::vector<LayerEntry>& layers)
        : residual_(stride == 1 && in == out) {
        auto body = register_module("conv", container());
        const std::int64_t hidden = in * expand;
        int child = 0;
        if (expand != 1) {
            steps_.push_back(
                makeConvBnAct(*body, "0", path + ".conv.0", in, hidden, 1, 1, 1, layers));
            ++child;
        }
        steps_.push_back(makeConvBnAct(*body, std::to_string(child),
                                       path + ".conv." + std::to_string(child), hidden, hidden, 3,
                                       stride, hidden, layers));
        ++child;
        projPath_ = path + ".conv." + std::to_string(child);
        proj = body->register_module(
            std::to_string(child),
            torch::nn::Conv2d(torch::nn::Conv2dOptions(hidden, out, 1).bias(false)));
        layers.push_back({projPath_, LayerKind::Conv, projPath_, {}});
        bnPath_ = path + ".conv." + std::to_string(child + 1);
        bn = body->register_module(std::to_string(child + 1), torch::nn::BatchNorm2d(out));
        layers.push_back({bnPath_, LayerKind::BatchNorm, bnPath_, {}});
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor y = x;
        for (auto& s : steps_) y = s.forward(y);
        y = proj->forward(y);
        traceShape(projPath_, y);
        y = bn->forward(y);
        traceShape(bnPath_, y);
        return residual_ ? x + y : y;
    }

    torch::nn::Conv2d proj{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};

private:
    bool residual_;
    std::vector<ConvBnAct> steps_;
    std::string projPath_, bnPath_;
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2Impl : public torch::nn::Module {
public:
    explicit MobileNetV2Impl(NetworkParts& parts) {
        auto features = register_module("features", container());
        auto stem = makeConvBnAct(*features, "0", "features.0", 3, 32, 3, 2, 1, parts.layers);
        parts.segments.push_back(
            {"features.0", [stem](const torch::Tensor& x) mutable { return stem.forward(x); }});
        const int setting[][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                  {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        std::int64_t in = 32;
        int index = 1;
        for (const auto& s : setting) {
            for (int i = 0; i < s[2]; ++i) {
                const std::string path = "features." + std::to_string(index);
                InvertedResidual block(path, in, s[1], i == 0 ? s[3] : 1, s[0], parts.layers);
                features->register_module(std::to_string(index++), block);
                parts.segments.push_back(
                    {path, [block](const torch::Tensor& x) mutable { return block->forward(x); }});
                in = s[1];
            }
        }
        const std::string lastPath = "features." + std::to_string(index);
        auto last = makeConvBnAct(*features, std::to_string(index), lastPath, in, 1280, 1, 1, 1,
                                  parts.layers);
        parts.segments.push_back(
            {lastPath, [last](const torch::Tensor& x) mutable { return last.forward(x); }});
        parts.layers.push_back({"avgpool", LayerKind::Pool, "", {}});
        parts.segments.push_back({"avgpool", [](const torch::Tensor& x) {
                                      return x.mean({2, 3});
                                  }});
        classifier = register_module("classifier", container());
        auto drop = classifier->register_module("0", torch::nn::Dropout(0.2));
        parts.layers.push_back({"classifier.0", LayerKind::Dropout, "", {}});
        parts.segments.push_back(
            {"classifier.0", [drop](const torch::Tensor& x) mutable { return drop->forward(x); }});
        fc = classifier->register_module("1", torch::nn::Linear(1280, 1000));
        parts.layers.push_back({"classifier.1", LayerKind::Dense, "classifier.1", {}});
        parts.segments.push_back(
            {"classifier.1", [this](const torch::Tensor& x) mutable { return fc->forward(x); }});
    }

    void replaceHead(int n) { fc = classifier->replace_module("1", torch::nn::Linear(1280, n)); }

    std::shared_ptr<torch::nn::Module> classifier;
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(MobileNetV2);

}  // namespace

NetworkParts buildMobileNetV2(const ArchRequest& req) {
    NetworkParts parts;
    parts.architecture = req.text;
    parts.preprocessing = torchvisionPreprocessing(req.inputSize > 0 ? req.inputSize : 224);
    MobileNetV2 net(parts);
    initLikeTorchvision(*net);
    parts.root = net.ptr();
    const std::size_t dropIndex = parts.segments.size() - 2;
    parts.cuts = {{"pool", dropIndex}, {"penultimate", dropIndex}, {"dense_input", dropIndex}};
    auto impl = net.ptr();
    parts.replaceHead = [impl](int k) { impl->replaceHead(k); };
    parts.numOutputs = [impl] { return static_cast<int>(impl->fc->options.out_features()); };
    return parts;
}

}  // namespace featurelab::arch
