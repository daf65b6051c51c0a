// A TorchScript model as a frozen feature extractor, wrapped as a Network.
#include "models/torchscript_network.h"

#include <torch/script.h>

#include "featurelab/error.h"
#include "models/weights_io.h"
#include "models/zip_index.h"

namespace featurelab {

namespace {

class TorchScriptRootImpl : public torch::nn::Module {
public:
    explicit TorchScriptRootImpl(torch::jit::Module m) : scripted(std::move(m)) { scripted.eval(); }

    torch::Tensor features(const torch::Tensor& x) {
        torch::NoGradGuard noGrad;  // frozen: nothing upstream of the head trains
        // The scripted model is not a registered submodule, so module().to() misses it.
        if (x.device() != device_) {
            scripted.to(x.device());
            device_ = x.device();
        }
        const auto y = scripted.forward({x});
        torch::Tensor t;
        if (y.isTensor())
            t = y.toTensor();
        else if (y.isTuple() && !y.toTupleRef().elements().empty() &&
                 y.toTupleRef().elements()[0].isTensor())
            t = y.toTupleRef().elements()[0].toTensor();
        else
            throw Error(ErrorCode::BadWeights, "its forward returns " + y.tagKind() +
                                                   ", not a tensor or a tuple of tensors");
        return t.dim() == 4 ? t.mean({2, 3}) : t.flatten(1);
    }

    torch::jit::Module scripted;
    torch::nn::Linear head{nullptr};
    std::int64_t width = 0;

private:
    torch::Device device_{torch::kCPU};
};
TORCH_MODULE(TorchScriptRoot);

}  // namespace

std::shared_ptr<Network> createTorchScriptNetwork(const arch::ArchRequest& req,
                                                  const std::string& path) {
    torch::jit::Module m;
    zipindex::readChecked(path);  // record sizes checked before LibTorch expands them
    try {
        m = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::BadWeights,
                    path + ": not a loadable TorchScript file (" + libraryReason(e) + ")");
    }
    for (const auto& p : m.named_parameters(true)) checkWeightValues(p.value, false, path, p.name);
    for (const auto& b : m.named_buffers(true)) checkWeightValues(b.value, false, path, b.name);
    TorchScriptRoot root(std::move(m));
    const int size = arch::inputSizeOf(req);
    std::int64_t width = 0;
    try {
        const torch::Tensor f = root->features(torch::zeros({1, 3, size, size}));
        width = f.dim() == 2 && f.size(0) == 1 ? f.size(1) : -1;
    } catch (const std::exception& e) {  // c10::Error, or std::out_of_range from an empty tuple
        throw Error(ErrorCode::BadWeights, path + ": the TorchScript model fails on a 3x" +
                                               std::to_string(size) + "x" + std::to_string(size) +
                                               " image (" + libraryReason(e) + ")");
    }
    if (width < 1 || width > (std::int64_t(1) << 24))
        throw Error(ErrorCode::BadWeights,
                    path + ": the TorchScript model's output is not one feature vector per image.");
    root->width = width;
    NetworkParts parts;
    parts.architecture = req.text;
    parts.preprocessing = arch::preprocessingOf(arch::Pipeline::Torchvision, size);
    auto impl = root.ptr();
    parts.root = impl;
    parts.segments.push_back(
        {"torchscript", [impl](const torch::Tensor& x) mutable { return impl->features(x); }});
    parts.segments.push_back({"head", [impl](const torch::Tensor& x) mutable {
                                  return impl->head ? impl->head->forward(x) : x;
                              }});
    parts.layers = {{"torchscript", LayerKind::Other, "", {}, {}},
                    {"head", LayerKind::Dense, "head", {}, {}}};
    parts.cuts = {{"pool", 1}, {"penultimate", 1}, {"dense_input", 1}};
    parts.replaceHead = [impl](int n) {
        torch::nn::Linear fc(impl->width, n);
        impl->head =
            impl->head ? impl->replace_module("head", fc) : impl->register_module("head", fc);
    };
    parts.numOutputs = [impl] {
        return static_cast<int>(impl->head ? impl->head->options.out_features() : impl->width);
    };
    auto net = std::make_shared<Network>(std::move(parts));
    net->randomInit = false;
    net->weightsPath = path;
    net->weightsFormat = "TorchScript";
    return net;
}

}  // namespace featurelab
