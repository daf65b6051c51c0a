// Stage -> trainable registry layers -> the cut point below them.
#include "recipe/layer_choice.h"

#include <algorithm>
#include <set>

#include "featurelab/error.h"
#include "models/network.h"
#include "models/trainability.h"

namespace featurelab::recipe {

namespace {

/// The classifier layer: the last one with parameters, or a dense layer without any yet (a
/// TorchScript backbone's identity head before the stage replaces it).
std::size_t headIndex(const std::vector<LayerInfo>& layers) {
    for (std::size_t i = layers.size(); i-- > 0;)
        if (layers[i].params > 0 || layers[i].kind == LayerKind::Dense) return i;
    return layers.size();
}

/// Every network stage trains with a classifier that has parameters (a new one when the
/// stage replaces the head): the head counts as a layer with parameters even before.
bool hasParameters(const std::vector<LayerInfo>& layers, std::size_t i) {
    return layers[i].params > 0 || i == headIndex(layers);
}

}  // namespace

LayerChoice chooseLayers(Network& net, const StageConfig& stage) {
    const auto layers = net.layers();
    const auto seg = layerSegments(net);
    LayerChoice c;
    if (stage.name == "linear") {
        // The stage's dense layer reads the backbone's ImageNet probabilities: every backbone
        // layer stays frozen, and a classifier with random weights would feed it noise.
        if (!net.untrainedTop.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "The 'linear' stage trains on the backbone's ImageNet probabilities, "
                        "but " +
                            (net.weightsPath.empty() ? "the weights file" : net.weightsPath) +
                            " has no classifier top (a Keras include_top=False file: no " +
                            net.untrainedTop.back() + "). Start at the 'last' stage.",
                        {HintAction::StartAtStage, "last"});
        c.cut = net.segments().size();
        c.note = "softmax over the backbone's outputs -> new dense layer; the backbone is frozen";
        return c;
    }
    if (!stage.trainableLayers.empty()) {
        std::set<std::string> want(stage.trainableLayers.begin(), stage.trainableLayers.end());
        for (const auto& l : layers)
            if (want.erase(l.name)) c.layers.push_back(l.name);
        if (!want.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "Stage '" + stage.name + "': no layer named '" + *want.begin() + "' in " +
                            net.architecture() + ".",
                        {HintAction::ShowLayerNames, net.architecture()});
        c.note = "trained the " + std::to_string(c.layers.size()) + " chosen layers";
    } else {
        std::size_t from = 0;
        bool skipBn = false;
        if (stage.name == "last") {
            from = net.cutPoint("penultimate");
            c.note = "new classifier on the penultimate features";
        } else if (stage.name == "dense") {
            from = net.cutPoint("dense_input");
            if (from == net.cutPoint("penultimate"))
                c.note = "no dense block in " + net.architecture() +
                         ": trained the classifier block (the same layers as 'last')";
            else
                c.note = "all dense layers";
        } else if (stage.name == "conv") {
            std::string start = stage.fromLayer;
            if (start.empty()) start = net.convFrom();  // the architecture's row
            if (start.empty()) {
                std::vector<std::string> convs;
                for (const auto& l : layers)
                    if (l.kind == LayerKind::Conv || l.kind == LayerKind::Depthwise)
                        convs.push_back(l.name);
                if (convs.empty())
                    throw Error(ErrorCode::InvalidArgument,
                                net.architecture() + " has no conv layers to fine-tune.");
                start = convs[convs.size() >= 4 ? convs.size() - 4 : 0];
            }
            auto it = std::find_if(layers.begin(), layers.end(),
                                   [&](const LayerInfo& l) { return l.name == start; });
            if (it == layers.end())
                throw Error(ErrorCode::InvalidArgument, "Stage 'conv': no layer named '" + start +
                                                            "' in " + net.architecture() + ".");
            from = seg[static_cast<std::size_t>(it - layers.begin())];
            skipBn = true;  // batch statistics of small batches would undo ImageNet's
            c.batchNormFrozen = true;
            c.note = "from " + start + " on, BatchNorm frozen";
        } else {
            throw Error(ErrorCode::InvalidArgument,
                        "Stage '" + stage.name + "' has no default layers; name them.");
        }
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (seg[i] >= from && !(skipBn && layers[i].kind == LayerKind::BatchNorm))
                c.layers.push_back(layers[i].name);
        // A notop weights file left the classifier random: it has nothing to keep frozen, and
        // features through random dense layers would be noise.
        std::vector<std::string> added;
        for (const std::string& name : net.untrainedTop)
            if (std::find(c.layers.begin(), c.layers.end(), name) == c.layers.end()) {
                added.push_back(name);
                c.layers.push_back(name);
            }
        if (!added.empty()) {
            c.note += "; also ";
            for (std::size_t i = 0; i < added.size(); ++i) c.note += (i ? ", " : "") + added[i];
            c.note += " (random: the weights file has no top)";
        }
    }
    // Training starts at the first segment holding a chosen layer with parameters.
    c.cut = net.segments().size();
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (hasParameters(layers, i) &&
            std::find(c.layers.begin(), c.layers.end(), layers[i].name) != c.layers.end())
            c.cut = std::min(c.cut, seg[i]);
    if (c.cut == net.segments().size())
        throw Error(ErrorCode::InvalidArgument,
                    "Stage '" + stage.name + "': the chosen layers have no parameters.");
    return c;
}

StageLayers stageLayersOf(Network& net, const StageConfig& stage) {
    const LayerChoice c = chooseLayers(net, stage);
    StageLayers out;
    out.stage = stage.name;
    out.batchNormFrozen = c.batchNormFrozen;
    out.note = c.note;
    const std::set<std::string> chosen(c.layers.begin(), c.layers.end());
    const auto layers = net.layers();
    for (std::size_t i = 0; i < layers.size(); ++i)  // layers without parameters never train
        if (hasParameters(layers, i) && chosen.count(layers[i].name))
            out.layers.push_back(layers[i].name);
    return out;
}

void applyChoice(Network& net, const LayerChoice& choice) {
    const std::set<std::string> on(choice.layers.begin(), choice.layers.end());
    for (const auto& l : net.layers()) net.setTrainable(l.name, on.count(l.name) > 0);
}

}  // namespace featurelab::recipe
