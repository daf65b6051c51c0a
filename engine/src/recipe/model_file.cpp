// Model files: safetensors with the network's own tensor names plus "featurelab.probs_head.*"
// for the linear stage (or the same in Keras layout), and metadata (format, architecture,
// classes, num_outputs, preprocessing, source_weights, stage, head, backbone). A network-head
// safetensors file is also a plain state dict, so it loads as backbone weights too.
#include "recipe/model_file.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "models/chain_network.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/weights_io.h"

namespace featurelab::recipe {

namespace {

const char* kHeadWeight = "featurelab.probs_head.weight";
const char* kHeadBias = "featurelab.probs_head.bias";
const char* kKerasHead = "featurelab_probs_head";  // the Keras layer holding the probs head

/// Writes through write(tmp) and renames tmp onto file: a failure never leaves half a model
/// behind, and an existing file stays as it was.
template <typename Write>
void writeThenRename(const std::string& file, Write&& write) {
    const std::string tmp = file + ".tmp";
    try {
        write(tmp);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(ErrorCode::Io, "Cannot write '" + file + "': " + ec.message());
    }
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
    const auto device = net.module().parameters().front().device();
    auto head = std::make_shared<torch::nn::LinearImpl>(w.size(1), w.size(0));
    torch::NoGradGuard ng;
    head->weight.copy_(w);
    head->bias.copy_(b);
    head->to(device);
    head->eval();
    return head;
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
    ChainNetwork& chain = asChain(net);
    // The classifier's row count tells whether the head was replaced (every stage but linear).
    int outputs = -1;
    for (const auto& [name, t] : own) {
        (void)name;
        if (t.dim() == 2) outputs = static_cast<int>(t.size(0));  // the last 2-D tensor
    }
    if (outputs > 0 && outputs != net.numOutputs()) net.replaceHead(outputs);
    const auto device = net.module().parameters().front().device();
    net.module().to(torch::kCPU);
    loadStateDict(chain, own, file);
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
        if (outputs <= 0)
            throw Error(ErrorCode::BadWeights, path + ": its num_outputs metadata is not a count.");
        if (outputs != net.numOutputs()) net.replaceHead(outputs);
    }
    const auto device = net.module().parameters().front().device();
    net.module().to(torch::kCPU);
    loadKerasWeights(asChain(net), file, path);
    net.module().to(device);
    // A backbone weights file may lack its classifier (notop); a model file never does.
    if (const auto& top = asChain(net).untrainedTop; !top.empty())
        throw Error(ErrorCode::BadWeights,
                    path + ": the model has no weights for its classifier (" + top.front() + ").");
    return hw.defined() ? makeHead(hw, hb, net, path) : nullptr;
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
    m["classes"] = nlohmann::json(meta.classes).dump();
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
    for (auto& [name, t] : networkStateDict(asChain(net)))
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
    keras::File keras = toKerasFile(asChain(net));
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
    keras.featurelabMetadata = nlohmann::json(modelMetadata(net, probsHead, meta)).dump();
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
    try {
        m.meta.classes =
            nlohmann::json::parse(need(meta, "classes", file)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::BadWeights, file + ": its class list is not valid JSON.");
    }
    m.meta.preprocessing = Preprocessing::parse(need(meta, "preprocessing", file));
    m.meta.stage = meta.count("stage") ? meta["stage"] : "";
    m.meta.backbone = meta.count("backbone") ? meta["backbone"] : "";
    m.meta.sourceWeights = meta.count("source_weights") ? meta["source_weights"] : "";
    BackboneSpec spec;
    spec.architecture = m.meta.architecture;  // no weights file: every tensor comes from here
    m.net = createNetwork(spec);
    m.probsHead = isKeras ? applyKeras(std::move(keras), meta, *m.net, file)
                          : applyTensors(std::move(tensors), *m.net, file);
    m.net->setTrainMode(false);
    return m;
}

std::shared_ptr<torch::nn::LinearImpl> loadModelInto(const std::string& file, Network& net) {
    return applyTensors(readSafetensors(file), net, file);
}

}  // namespace featurelab::recipe
