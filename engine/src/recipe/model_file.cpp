// Model files: safetensors with the network's own tensor names plus "featurelab.probs_head.*"
// for the linear stage (or the same in Keras layout), and metadata (format, architecture,
// classes, num_outputs, preprocessing, source_weights, stage, head, backbone). A network-head
// safetensors file is also a plain state dict, so it loads as backbone weights too.
#include "recipe/model_file.h"
#include "util/atomic_file.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/network.h"
#include "models/weights_io.h"

namespace featurelab::recipe {

namespace {

const char* kHeadWeight = "featurelab.probs_head.weight";
const char* kHeadBias = "featurelab.probs_head.bias";
const char* kKerasHead = "featurelab_probs_head";  // the Keras layer holding the probs head

/// The one atomic writer (temporary file, fsync, rename): a failure never leaves half a model
/// behind, and an existing file stays as it was.
template <typename Write>
void writeThenRename(const std::string& file, Write&& write) {
    util::writeAtomically(file, write);
}

/// The linear stage's head on the network's probabilities; throws BadWeights when its shape
/// does not fit the network's outputs.
std::shared_ptr<torch::nn::LinearImpl> makeHead(const torch::Tensor& w, const torch::Tensor& b,
                                                Network& net, const std::string& file) {
    if (!b.defined() || w.dim() != 2 || b.dim() != 1 || b.size(0) != w.size(0) ||
        w.size(1) != net.numOutputs())
        throw Error(ErrorCode::BadWeights, file + ": its probabilities head does not fit " +
                                               net.architecture() + "'s " +
                                               std::to_string(net.numOutputs()) + " outputs.");
    checkWeightValues(w, true, file, kHeadWeight);
    checkWeightValues(b, true, file, kHeadBias);
    const auto device = net.module().parameters().front().device();
    auto head = std::make_shared<torch::nn::LinearImpl>(w.size(1), w.size(0));
    torch::NoGradGuard ng;
    head->weight.copy_(w);
    head->bias.copy_(b);
    head->to(device);
    head->eval();
    return head;
}

// Far above any real class count (ImageNet-21k has 21,841); a guard against absurd heads.
constexpr std::int64_t kMaxOutputs = 1'000'000;

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i) s += (i ? "," : "") + std::to_string(t.size(i));
    return s + "]";
}

std::string need(const std::map<std::string, std::string>& meta, const std::string& key,
                 const std::string& file) {
    auto it = meta.find(key);
    if (it == meta.end())
        throw Error(ErrorCode::BadWeights, file + ": not a Featurelab model (no '" + key +
                                               "' in its metadata). Use a model.safetensors "
                                               "written by 'featurelab-cli recipe'.");
    return it->second;
}

/// Splits the file's tensors into the network's and the probs head's.
std::shared_ptr<torch::nn::LinearImpl> applyTensors(NamedTensors tensors, Network& net,
                                                    const std::string& file) {
    torch::Tensor hw, hb;
    NamedTensors own;
    for (auto& [name, t] : tensors) {
        if (name == kHeadWeight)
            hw = t;
        else if (name == kHeadBias)
            hb = t;
        else
            own.emplace_back(name, t);
    }
    // The classifier's row count tells whether the head was replaced (every stage but linear).
    // It must fit the layer below before a head of that size is allocated.
    const LayerEntry& headLayer = net.layerEntries().back();
    const torch::Tensor current = net.layerTensors(headLayer).at("weight");
    for (const auto& [name, t] : own) {
        if (name != headLayer.modulePath + ".weight") continue;
        if (t.dim() != 2 || t.size(1) != current.size(1) || t.size(0) < 1 ||
            t.size(0) > kMaxOutputs)
            throw Error(ErrorCode::BadWeights, file + ": its classifier '" + name + "' is " +
                                                   shapeText(t) + ", which does not fit " +
                                                   net.architecture() + " (expected [classes, " +
                                                   std::to_string(current.size(1)) + "]).");
        if (t.size(0) != net.numOutputs()) net.replaceHead(static_cast<int>(t.size(0)));
    }
    const auto device = net.module().parameters().front().device();
    net.module().to(torch::kCPU);
    loadStateDict(net, own, file);
    net.module().to(device);
    if (!hw.defined()) return nullptr;
    return makeHead(hw, hb, net, file);
}

/// The Keras-layout counterpart of applyTensors: the probs head is the layer kKerasHead.
std::shared_ptr<torch::nn::LinearImpl> applyKeras(keras::File file,
                                                  const std::map<std::string, std::string>& meta,
                                                  Network& net, const std::string& path) {
    torch::Tensor hw, hb;
    for (auto it = file.layers.begin(); it != file.layers.end(); ++it) {
        if (it->name != kKerasHead) continue;
        for (const auto& w : it->weights) {
            if (w.name.find("kernel") != std::string::npos)
                hw = w.value.dim() == 2 ? w.value.t().contiguous() : w.value;
            if (w.name.find("bias") != std::string::npos) hb = w.value;
        }
        file.layers.erase(it);
        break;
    }
    const bool wantsHead = meta.count("head") && meta.at("head") == "probs_linear";
    if (wantsHead != hw.defined())
        throw Error(ErrorCode::BadWeights,
                    path + ": its '" + kKerasHead + "' layer does not match its metadata (head '" +
                        (meta.count("head") ? meta.at("head") : std::string()) + "').");
    if (!hw.defined()) {
        int outputs = 0;
        try {
            outputs = std::stoi(need(meta, "num_outputs", path));
        } catch (const std::logic_error&) {  // stoi: not a number, or out of range
        }
        if (outputs <= 0 || outputs > kMaxOutputs)
            throw Error(ErrorCode::BadWeights, path + ": its num_outputs metadata is not a count.");
        // The file's own classifier kernel ([in, out], or [1, 1, in, out]) must say the same
        // before a head of that size is allocated.
        const LayerEntry& headLayer = net.layerEntries().back();
        const keras::Layer* fileHead = nullptr;
        for (const auto& l : file.layers)
            if (!l.weights.empty()) fileHead = &l;  // the last weighted layer, unless named
        for (const auto& l : file.layers)
            if (l.name == headLayer.name && !l.weights.empty()) fileHead = &l;
        const torch::Tensor current = net.layerTensors(headLayer).at("weight");
        const torch::Tensor kernel = fileHead ? fileHead->weights.front().value : torch::Tensor();
        if (!kernel.defined() || kernel.dim() < 2 || kernel.size(-1) != outputs ||
            kernel.numel() != std::int64_t(outputs) * current.size(1))
            throw Error(ErrorCode::BadWeights,
                        path + ": its num_outputs (" + std::to_string(outputs) +
                            ") does not match its classifier " +
                            (kernel.defined() ? shapeText(kernel) : std::string("(none)")) +
                            " on " + std::to_string(current.size(1)) + " features.");
        if (outputs != net.numOutputs()) net.replaceHead(outputs);
    }
    const auto device = net.module().parameters().front().device();
    net.module().to(torch::kCPU);
    loadKerasWeights(net, file, path);
    net.module().to(device);
    // A backbone weights file may lack its classifier (notop); a model file never does.
    if (const auto& top = net.untrainedTop; !top.empty())
        throw Error(ErrorCode::BadWeights,
                    path + ": the model has no weights for its classifier (" + top.front() + ").");
    return hw.defined() ? makeHead(hw, hb, net, path) : nullptr;
}

/// A model file's preprocessing decides the size of every batch: refuse what no backbone uses
/// (and what would exhaust memory) and what would turn every pixel into NaN.
void checkPreprocessing(const Preprocessing& p, const std::string& file) {
    const int kMaxSide = 4096;
    if (p.width > kMaxSide || p.height > kMaxSide || p.resizeShorter > 2 * kMaxSide)
        throw Error(ErrorCode::BadWeights, file + ": its preprocessing asks for " +
                                               std::to_string(p.width) + "x" +
                                               std::to_string(p.height) + " images (at most " +
                                               std::to_string(kMaxSide) + " per side).");
    for (int c = 0; c < 3; ++c)
        if (!std::isfinite(p.mean[c]) || !std::isfinite(p.std[c]) ||
            (p.scaling == Scaling::MeanStd && p.std[c] == 0.0f))
            throw Error(
                ErrorCode::BadWeights,
                file + ": its preprocessing has a mean or std that is not a usable number.");
}

}  // namespace

torch::Tensor LoadedModel::predict(const torch::Tensor& images) {
    torch::NoGradGuard ng;
    net->setTrainMode(false);
    torch::Tensor out = net->forwardSegments(images, 0, net->segments().size());
    if (probsHead) out = probsHead->forward(out.softmax(1));
    return out.softmax(1);
}

std::map<std::string, std::string> modelMetadata(
    Network& net, const std::shared_ptr<torch::nn::LinearImpl>& probsHead, const ModelMeta& meta) {
    std::map<std::string, std::string> m;
    m["format"] = "featurelab-model/1";
    m["architecture"] = meta.architecture;
    // Class names are folder names, whatever bytes they hold: what is not UTF-8 is replaced
    // rather than failing the save after training.
    m["classes"] =
        nlohmann::json(meta.classes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    m["num_outputs"] = std::to_string(probsHead ? probsHead->weight.size(0) : net.numOutputs());
    m["preprocessing"] = meta.preprocessing.toString();
    m["source_weights"] = meta.sourceWeights;
    m["stage"] = meta.stage;
    m["backbone"] = meta.backbone;
    m["head"] = probsHead ? "probs_linear" : "network";
    return m;
}

void saveModel(const std::string& file, Network& net,
               const std::shared_ptr<torch::nn::LinearImpl>& probsHead, const ModelMeta& meta) {
    NamedTensors tensors;
    for (auto& [name, t] : networkStateDict(net))
        tensors.emplace_back(name, t.detach().to(torch::kCPU).contiguous());
    if (probsHead) {
        tensors.emplace_back(kHeadWeight, probsHead->weight.detach().to(torch::kCPU).contiguous());
        tensors.emplace_back(kHeadBias, probsHead->bias.detach().to(torch::kCPU).contiguous());
    }
    writeThenRename(file, [&](const std::string& tmp) {
        writeSafetensors(tmp, tensors, modelMetadata(net, probsHead, meta));
    });
}

void saveModelKeras(const std::string& file, Network& net,
                    const std::shared_ptr<torch::nn::LinearImpl>& probsHead,
                    const ModelMeta& meta) {
    const auto device = net.module().parameters().front().device();
    net.module().to(torch::kCPU);
    keras::File keras = toKerasFile(net);
    net.module().to(device);
    if (probsHead) {
        keras::Layer head;
        head.name = kKerasHead;
        // Keras Dense kernels are [in, out]: the transpose of torch's Linear weight.
        head.weights.push_back({std::string(kKerasHead) + "/kernel:0",
                                probsHead->weight.detach().to(torch::kCPU).t().contiguous()});
        head.weights.push_back({std::string(kKerasHead) + "/bias:0",
                                probsHead->bias.detach().to(torch::kCPU).contiguous()});
        keras.layers.push_back(std::move(head));
    }
    keras.featurelabMetadata = nlohmann::json(modelMetadata(net, probsHead, meta))
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    writeThenRename(file, [&](const std::string& tmp) { keras::write(tmp, keras); });
}

LoadedModel loadModel(const std::string& given) {
    std::error_code ec;
    if (!std::filesystem::exists(given, ec))
        throw Error(ErrorCode::NotFound, "Model file '" + given + "' not found.");
    // A run folder stands for its model.
    const std::string file = std::filesystem::is_directory(given, ec)
                                 ? (std::filesystem::path(given) / "model.safetensors").string()
                                 : given;
    if (!std::filesystem::is_regular_file(file, ec))
        throw Error(ErrorCode::NotFound, "'" + given +
                                             "' is a folder without a model.safetensors; pass "
                                             "a run folder or a model file.");
    const bool isKeras = detectWeightsFormat(file) == WeightsFormat::KerasHdf5;
    std::map<std::string, std::string> meta;
    NamedTensors tensors;
    keras::File keras;
    if (isKeras) {
        keras = keras::read(file);
        if (jsonNestingDepth(keras.featurelabMetadata) > 4)
            throw Error(ErrorCode::BadWeights,
                        file + ": its featurelab_metadata is not a flat JSON object.");
        try {
            if (!keras.featurelabMetadata.empty())
                meta = nlohmann::json::parse(keras.featurelabMetadata)
                           .get<std::map<std::string, std::string>>();
        } catch (const nlohmann::json::exception&) {
            throw Error(ErrorCode::BadWeights,
                        file + ": its featurelab_metadata is not valid JSON.");
        }
    } else {
        tensors = readSafetensors(file, &meta);
    }
    LoadedModel m;
    m.meta.architecture = need(meta, "architecture", file);
    if (jsonNestingDepth(need(meta, "classes", file)) > 2)
        throw Error(ErrorCode::BadWeights, file + ": its class list is not a list of names.");
    try {
        m.meta.classes =
            nlohmann::json::parse(need(meta, "classes", file)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::BadWeights, file + ": its class list is not a JSON list of names.");
    }
    if (m.meta.classes.empty())
        throw Error(ErrorCode::BadWeights, file + ": its class list is empty.");
    try {
        m.meta.preprocessing = Preprocessing::parse(need(meta, "preprocessing", file));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::InvalidArgument) throw;
        throw Error(ErrorCode::BadWeights, file + ": " + e.what());
    }
    checkPreprocessing(m.meta.preprocessing, file);
    m.meta.stage = meta.count("stage") ? meta["stage"] : "";
    m.meta.backbone = meta.count("backbone") ? meta["backbone"] : "";
    m.meta.sourceWeights = meta.count("source_weights") ? meta["source_weights"] : "";
    BackboneSpec spec;
    spec.architecture = m.meta.architecture;  // no weights file: every tensor comes from here
    try {
        m.net = createNetwork(spec);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::InvalidArgument) throw;
        throw Error(ErrorCode::BadWeights, file + ": " + e.what());
    } catch (const std::exception&) {  // c10::Error from an architecture that cannot be built
        throw Error(ErrorCode::BadWeights, file + ": its architecture '" +
                                               m.meta.architecture.substr(0, 80) +
                                               "' cannot be built.");
    }
    m.probsHead = isKeras ? applyKeras(std::move(keras), meta, *m.net, file)
                          : applyTensors(std::move(tensors), *m.net, file);
    m.net->setTrainMode(false);
    // predict indexes the class list by the network's argmax: they must be the same length.
    const std::int64_t outputs =
        m.probsHead ? m.probsHead->weight.size(0) : std::int64_t(m.net->numOutputs());
    if (std::int64_t(m.meta.classes.size()) != outputs)
        throw Error(ErrorCode::BadWeights,
                    file + ": its metadata lists " + std::to_string(m.meta.classes.size()) +
                        " classes but the model has " + std::to_string(outputs) + " outputs.");
    return m;
}

std::shared_ptr<torch::nn::LinearImpl> loadModelInto(const std::string& file, Network& net) {
    return applyTensors(readSafetensors(file), net, file);
}

}  // namespace featurelab::recipe
