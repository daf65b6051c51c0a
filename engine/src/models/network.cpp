// Network: segments, cut points, the layer registry and trainability for every architecture.
#include "models/network.h"

#include <algorithm>
#include <sstream>

#include "featurelab/error.h"

namespace featurelab {

namespace {

thread_local std::map<std::string, std::vector<std::int64_t>>* tShapeRecorder = nullptr;
thread_local LayerCapture* tCapture = nullptr;

std::string joinNames(const std::vector<std::string>& names, std::size_t max) {
    std::ostringstream os;
    for (std::size_t i = 0; i < names.size() && i < max; ++i) os << (i ? ", " : "") << names[i];
    if (names.size() > max) os << ", ... (" << names.size() << " in all)";
    return os.str();
}

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

void traceShape(const std::string& layerName, const torch::Tensor& output) {
    if (tCapture && layerName == tCapture->layer_) tCapture->output_ = output;
    if (!tShapeRecorder) return;
    auto sizes = output.sizes().vec();
    if (!sizes.empty()) sizes.erase(sizes.begin());  // the batch dimension
    (*tShapeRecorder)[layerName] = sizes;
}

LayerCapture::LayerCapture(std::string layerName)
    : layer_(std::move(layerName)), previous_(tCapture) {
    tCapture = this;
}

LayerCapture::~LayerCapture() { tCapture = previous_; }

Network::Network(NetworkParts parts) : parts_(std::move(parts)) {}

std::vector<std::string> Network::segments() const {
    std::vector<std::string> names;
    names.reserve(parts_.segments.size());
    for (const auto& s : parts_.segments) names.push_back(s.name);
    return names;
}

torch::Tensor Network::forwardSegments(const torch::Tensor& x, std::size_t begin, std::size_t end) {
    if (begin > end || end > parts_.segments.size())
        throw Error(ErrorCode::InvalidArgument,
                    "Segment range [" + std::to_string(begin) + ", " + std::to_string(end) +
                        ") is outside the network's " + std::to_string(parts_.segments.size()) +
                        " segments.");
    torch::Tensor y = x;
    try {
        // Inputs follow the network to its device (the runtime's: CPU or a GPU), so callers
        // hand over CPU tensors whatever it is. A no-op when both are on the CPU.
        if (begin < end) {
            const auto params = parts_.root->parameters();
            if (!params.empty() && y.device() != params.front().device())
                y = y.to(params.front().device());
        }
        for (std::size_t i = begin; i < end; ++i) {
            y = parts_.segments[i].forward(y);
            traceShape(parts_.segments[i].name, y);
        }
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::InvalidArgument, "The network could not process an input of shape " +
                                                    c10::str(x.sizes()) + ": " +
                                                    e.what_without_backtrace());
    }
    return y;
}

std::size_t Network::cutPoint(const std::string& name) const {
    if (name == "logits" || name == "probs") return parts_.segments.size();
    auto it = parts_.cuts.find(name);
    if (it != parts_.cuts.end()) return it->second;
    for (std::size_t i = 0; i < parts_.segments.size(); ++i)
        if (parts_.segments[i].name == name) return i;
    // A module path of a leaf layer ("features.24" is vgg16's block5_conv1).
    if (const LayerEntry* l = findLayer(name); l && l->name != name) return cutPoint(l->name);
    // A registry layer inside a block (layer1.0.conv1, conv5_block3_1_conv) cuts at its
    // block's input.
    if (const LayerEntry* l = findLayer(name); l && l->segment >= 0)
        return static_cast<std::size_t>(l->segment);
    for (std::size_t i = 0; i < parts_.segments.size(); ++i)
        if (startsWith(name, parts_.segments[i].name + ".")) return i;
    std::vector<std::string> known = {"logits", "probs"};
    for (const auto& c : parts_.cuts) known.push_back(c.first);
    throw Error(ErrorCode::InvalidArgument,
                "Unknown cut point '" + name + "' for " + parts_.architecture + "; use one of " +
                    joinNames(known, 10) + " or a segment name such as '" +
                    parts_.segments.front().name + "'.");
}

void Network::replaceHead(int numClasses) {
    if (numClasses < 1)
        throw Error(ErrorCode::InvalidArgument, "A classifier needs at least one class.");
    parts_.replaceHead(numClasses);
    // Only the head's output changes: no need to probe the whole network again.
    if (shapes_) {
        (*shapes_)[parts_.layers.back().name] = {numClasses};
        (*shapes_)[parts_.segments.back().name] = {numClasses};
    }
}

const LayerEntry* Network::findLayer(const std::string& nameOrPath) const {
    for (const auto& l : parts_.layers)
        if (l.name == nameOrPath) return &l;
    for (const auto& l : parts_.layers)
        if (!l.modulePath.empty() && l.modulePath == nameOrPath) return &l;
    return nullptr;
}

std::map<std::string, torch::Tensor> Network::layerTensors(const LayerEntry& layer) {
    std::map<std::string, torch::Tensor> out;
    if (layer.modulePath.empty()) return out;
    const std::string prefix = layer.modulePath + ".";
    for (const auto& p : parts_.root->named_parameters(true))
        if (startsWith(p.key(), prefix) && p.key().find('.', prefix.size()) == std::string::npos)
            out[p.key().substr(prefix.size())] = p.value();
    for (const auto& b : parts_.root->named_buffers(true))
        if (startsWith(b.key(), prefix) && b.key().find('.', prefix.size()) == std::string::npos)
            out[b.key().substr(prefix.size())] = b.value();
    return out;
}

std::vector<std::int64_t> Network::probeInputShape() const {
    return {1, 3, parts_.preprocessing.height, parts_.preprocessing.width};
}

std::vector<LayerInfo> Network::layers() {
    if (!shapes_) {
        std::map<std::string, std::vector<std::int64_t>> shapes;
        const bool wasTraining = parts_.root->is_training();
        parts_.root->eval();
        {
            torch::NoGradGuard noGrad;
            tShapeRecorder = &shapes;
            try {
                const auto params = parts_.root->parameters();
                const auto device =
                    params.empty() ? torch::Device(torch::kCPU) : params.front().device();
                forwardSegments(
                    torch::zeros(probeInputShape(), torch::TensorOptions().device(device)), 0,
                    parts_.segments.size());
            } catch (...) {
                tShapeRecorder = nullptr;
                throw;
            }
            tShapeRecorder = nullptr;
        }
        setTrainMode(wasTraining);
        shapes_ = std::move(shapes);
    }
    std::vector<LayerInfo> infos;
    infos.reserve(parts_.layers.size());
    for (const auto& l : parts_.layers) {
        LayerInfo info;
        info.name = l.name;
        info.kind = l.kind;
        auto it = shapes_->find(l.name);
        if (it != shapes_->end()) info.outputShape = it->second;
        // Like Keras' summary, BatchNorm statistics count as (non-trainable) parameters.
        bool allTrainable = true, anyParameter = false;
        for (const auto& [name, t] : layerTensors(l)) {
            if (!t.is_floating_point()) continue;  // num_batches_tracked
            info.params += t.numel();
            if (name == "running_mean" || name == "running_var") continue;
            anyParameter = true;
            allTrainable = allTrainable && t.requires_grad();
        }
        info.trainable = anyParameter && allTrainable;
        infos.push_back(std::move(info));
    }
    return infos;
}

std::vector<std::int64_t> Network::cutShape(std::size_t cut) {
    if (cut == 0) {
        auto s = probeInputShape();
        return {s.begin() + 1, s.end()};
    }
    layers();  // fills shapes_
    const auto it = shapes_->find(parts_.segments.at(cut - 1).name);
    return it == shapes_->end() ? std::vector<std::int64_t>{} : it->second;
}

void Network::setTrainable(const std::string& layerName, bool trainable) {
    const LayerEntry* layer = findLayer(layerName);
    if (!layer)
        throw Error(ErrorCode::InvalidArgument,
                    "No layer named '" + layerName + "' in " + parts_.architecture + ".",
                    {HintAction::ShowLayerNames, parts_.architecture});
    for (auto& t : layerTensors(*layer))
        if (t.second.is_floating_point() && t.first != "running_mean" && t.first != "running_var")
            t.second.set_requires_grad(trainable);
}

void Network::setTrainMode(bool on) {
    parts_.root->train(on);
    if (!on) return;
    // Frozen BatchNorm keeps its running statistics: the lesson's frozen layers behave as at
    // inference, so cached features and a streamed forward agree.
    const auto modules = parts_.root->named_modules("", false);
    for (const auto& l : parts_.layers) {
        if (l.kind != LayerKind::BatchNorm || l.modulePath.empty()) continue;
        auto tensors = layerTensors(l);
        auto w = tensors.find("weight");
        if (w != tensors.end() && w->second.requires_grad()) continue;
        if (modules.contains(l.modulePath)) modules[l.modulePath]->eval();
    }
}

}  // namespace featurelab
