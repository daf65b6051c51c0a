// VGG16 with torchvision's module names (features.N, classifier.N) and Keras' layer names
// (block1_conv1 ... fc1, fc2, predictions) in the registry, so both weight families load.
#include "models/arch_common.h"
#include "models/architectures.h"

namespace featurelab::arch {

namespace {

class Vgg16Impl : public torch::nn::Module {
public:
    explicit Vgg16Impl(NetworkParts& parts) {
        features = register_module("features", container());
        const int cfg[] = {64, 64,  0,   128, 128, 0,   256, 256, 256,
                           0,  512, 512, 512, 0,   512, 512, 512, 0};
        std::int64_t in = 3;
        int block = 1, conv = 1, index = 0;
        for (int c : cfg) {
            const std::string b = "block" + std::to_string(block);
            if (c == 0) {
                auto pool = features->register_module(
                    std::to_string(index++),
                    torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)));
                add(parts, b + "_pool", LayerKind::Pool, "",
                    [pool](const torch::Tensor& x) mutable { return pool->forward(x); });
                ++block;
                conv = 1;
                continue;
            }
            const std::string path = "features." + std::to_string(index);
            auto m = features->register_module(
                std::to_string(index++),
                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, c, 3).padding(1)));
            const std::string name = b + "_conv" + std::to_string(conv++);
            add(parts, name, LayerKind::Conv, path,
                [m](const torch::Tensor& x) mutable { return m->forward(x); });
            features->register_module(std::to_string(index++), torch::nn::ReLU());
            add(parts, name + "_relu", LayerKind::Activation, "",
                [](const torch::Tensor& x) { return torch::relu(x); });
            in = c;
        }
        add(parts, "avgpool", LayerKind::Pool, "", [](const torch::Tensor& x) {
            return torch::adaptive_avg_pool2d(x, {7, 7});
        });
        add(parts, "flatten", LayerKind::Flatten, "",
            [](const torch::Tensor& x) { return x.flatten(1); });
        classifier = register_module("classifier", container());
        fc1 = classifier->register_module("0", torch::nn::Linear(512 * 7 * 7, 4096));
        add(parts, "fc1", LayerKind::Dense, "classifier.0",
            [this](const torch::Tensor& x) mutable { return fc1->forward(x); });
        parts.layers.back().flattenCHW = {512, 7, 7};
        addReluDropout(parts, "fc1", 1);
        fc2 = classifier->register_module("3", torch::nn::Linear(4096, 4096));
        add(parts, "fc2", LayerKind::Dense, "classifier.3",
            [this](const torch::Tensor& x) mutable { return fc2->forward(x); });
        addReluDropout(parts, "fc2", 4);
        predictions = classifier->register_module("6", torch::nn::Linear(4096, 1000));
        add(parts, "predictions", LayerKind::Dense, "classifier.6",
            [this](const torch::Tensor& x) mutable { return predictions->forward(x); });
    }

    void replaceHead(int n) {
        predictions = classifier->replace_module("6", torch::nn::Linear(4096, n));
    }

    std::shared_ptr<torch::nn::Module> features, classifier;
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, predictions{nullptr};

private:
    static void add(NetworkParts& parts, const std::string& name, LayerKind kind,
                    const std::string& path, std::function<torch::Tensor(const torch::Tensor&)> f) {
        parts.layers.push_back({name, kind, path, {}});
        parts.segments.push_back({name, std::move(f)});
    }
    void addReluDropout(NetworkParts& parts, const std::string& fc, int index) {
        classifier->register_module(std::to_string(index), torch::nn::ReLU());
        add(parts, fc + "_relu", LayerKind::Activation, "",
            [](const torch::Tensor& x) { return torch::relu(x); });
        auto drop = classifier->register_module(std::to_string(index + 1), torch::nn::Dropout(0.5));
        add(parts, fc + "_dropout", LayerKind::Dropout, "",
            [drop](const torch::Tensor& x) mutable { return drop->forward(x); });
    }
};
TORCH_MODULE(Vgg16);

std::size_t indexOf(const NetworkParts& parts, const std::string& name) {
    for (std::size_t i = 0; i < parts.segments.size(); ++i)
        if (parts.segments[i].name == name) return i;
    return parts.segments.size();
}

}  // namespace

NetworkParts buildVgg16(const ArchRequest& req) {
    NetworkParts parts;
    parts.architecture = req.text;
    parts.preprocessing = torchvisionPreprocessing(req.inputSize > 0 ? req.inputSize : 224);
    Vgg16 net(parts);
    initLikeTorchvision(*net);
    parts.root = net.ptr();
    parts.cuts["pool"] = indexOf(parts, "avgpool");  // block5_pool's output
    parts.cuts["dense_input"] = indexOf(parts, "fc1");
    parts.cuts["penultimate"] = indexOf(parts, "fc2_dropout");
    auto impl = net.ptr();
    parts.replaceHead = [impl](int k) { impl->replaceHead(k); };
    parts.numOutputs = [impl] {
        return static_cast<int>(impl->predictions->options.out_features());
    };
    return parts;
}

}  // namespace featurelab::arch
