// Model files: safetensors with the network's own tensor names plus "featurelab.probs_head.*"
// for the linear stage, and the models export's metadata keys (models/model_io.h: format,
// architecture, classes, num_outputs, preprocessing, source_weights) plus stage, head, backbone,
// so that a network-stage file also loads with the models area's own loader.
#include "recipe/model_file.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "models/chain_network.h"
#include "models/weights_io.h"

namespace featurelab::recipe {

namespace {

const char* kHeadWeight = "featurelab.probs_head.weight";
const char* kHeadBias = "featurelab.probs_head.bias";

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
    auto head = std::make_shared<torch::nn::LinearImpl>(hw.size(1), hw.size(0));
    torch::NoGradGuard ng;
    head->weight.copy_(hw);
    head->bias.copy_(hb);
    head->to(device);
    head->eval();
    return head;
}

}  // namespace

torch::Tensor LoadedModel::predict(const torch::Tensor& images) {
    torch::NoGradGuard ng;
    net->setTrainMode(false);
    torch::Tensor out = net->forwardSegments(images, 0, net->segments().size());
    if (probsHead) out = probsHead->forward(out.softmax(1));
    return out.softmax(1);
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
    // Write next to the target, then rename: a crash never leaves half a model behind.
    const std::string tmp = file + ".tmp";
    writeSafetensors(tmp, tensors, m);
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) throw Error(ErrorCode::Io, "Cannot write '" + file + "': " + ec.message());
}

LoadedModel loadModel(const std::string& file) {
    if (!std::filesystem::exists(file))
        throw Error(ErrorCode::NotFound, "Model file '" + file + "' not found.");
    std::map<std::string, std::string> meta;
    NamedTensors tensors = readSafetensors(file, &meta);
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
    BackboneSpec spec;
    spec.architecture = m.meta.architecture;  // no weights file: every tensor comes from here
    m.net = createNetwork(spec);
    m.probsHead = applyTensors(std::move(tensors), *m.net, file);
    m.net->setTrainMode(false);
    return m;
}

std::shared_ptr<torch::nn::LinearImpl> loadModelInto(const std::string& file, Network& net) {
    return applyTensors(readSafetensors(file), net, file);
}

}  // namespace featurelab::recipe
