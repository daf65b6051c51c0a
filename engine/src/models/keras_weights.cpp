// Keras HDF5 weights into and out of a Network (layouts, matching, one-screen errors).
#include "models/keras_weights.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "featurelab/error.h"
#include "models/architectures.h"

namespace featurelab {

namespace {

enum class KernelLayout { Unknown, TensorFlow, Theano };

std::string shapeText(at::IntArrayRef s) {
    std::ostringstream os;
    os << "[";
    for (std::size_t i = 0; i < s.size(); ++i) os << (i ? "," : "") << s[i];
    return os.str() + "]";
}

bool isWeighted(const LayerEntry& l) {
    return !l.modulePath.empty() && (l.kind == LayerKind::Conv || l.kind == LayerKind::Depthwise ||
                                     l.kind == LayerKind::Dense || l.kind == LayerKind::BatchNorm);
}

std::string listNames(const std::vector<std::string>& names) {
    std::ostringstream os;
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) os << (i ? ", " : "") << names[i];
    if (names.size() > 8) os << ", ... (" << names.size() << " in all)";
    return os.str();
}

// A layer's name in naming generation g: 0 = the registry's, g >= 1 = aliases[g - 1] (the
// registry name where the layer has fewer aliases).
const std::string& nameIn(const LayerEntry& l, std::size_t g) {
    return g == 0 || g > l.aliases.size() ? l.name : l.aliases[g - 1];
}

struct NameMatch {
    std::vector<std::string> missing;     // our layers (as generation g names them) not in the file
    std::vector<std::string> unexpected;  // file layers with weights that are none of ours
};

NameMatch matchNames(const std::vector<const LayerEntry*>& ours,
                     const std::map<std::string, const keras::Layer*>& byName,
                     const std::vector<const keras::Layer*>& theirs, std::size_t g) {
    NameMatch m;
    std::set<std::string> names;
    for (const auto* l : ours) {
        names.insert(nameIn(*l, g));
        if (!byName.count(nameIn(*l, g))) m.missing.push_back(nameIn(*l, g));
    }
    for (const auto* l : theirs)
        if (!names.count(l->name)) m.unexpected.push_back(l->name);
    return m;
}

// "; it mixes two naming generations: 'a' next to 'b' (our x)" when the file holds names that
// only one generation uses, from two generations; "" otherwise.
std::string mixedGenerations(const std::vector<const LayerEntry*>& ours,
                             const std::vector<const keras::Layer*>& theirs,
                             std::size_t generations) {
    std::map<std::string, std::pair<std::size_t, const LayerEntry*>> owner;  // name -> (g, layer)
    std::set<std::string> shared;
    for (const auto* l : ours)
        for (std::size_t g = 0; g < generations; ++g) {
            const std::string& n = nameIn(*l, g);
            auto [it, added] = owner.emplace(n, std::make_pair(g, l));
            if (!added && it->second.first != g) shared.insert(n);
        }
    const keras::Layer* first = nullptr;
    std::size_t firstGeneration = 0;
    for (const auto* t : theirs) {
        auto it = owner.find(t->name);
        if (it == owner.end() || shared.count(t->name)) continue;
        if (!first) {
            first = t;
            firstGeneration = it->second.first;
        } else if (it->second.first != firstGeneration) {
            return "\n  it mixes two layer-naming generations: '" + first->name + "' next to '" +
                   t->name + "' (" + it->second.second->name +
                   "); a Keras file uses one throughout";
        }
    }
    return "";
}

// The Keras (file) shape of a torch kernel, for the given layout.
std::vector<std::int64_t> kerasKernelShape(const LayerEntry& l, const torch::Tensor& w,
                                           KernelLayout layout) {
    auto s = w.sizes();
    if (l.kind == LayerKind::Dense) return {s[1], s[0]};
    if (layout == KernelLayout::Theano) return s.vec();
    if (l.kind == LayerKind::Depthwise) return {s[2], s[3], s[0], s[1]};
    return {s[2], s[3], s[1], s[0]};
}

// Converts a file kernel (already shape-checked) to the torch layout.
torch::Tensor toTorchKernel(const LayerEntry& l, torch::Tensor k, KernelLayout layout) {
    if (l.kind == LayerKind::Dense) {
        if (layout == KernelLayout::TensorFlow && l.flattenCHW.size() == 3) {
            // Rows of a Dense after a channels-last Flatten run over (h, w, c); torch flattens
            // NCHW as (c, h, w).
            const auto c = l.flattenCHW[0], h = l.flattenCHW[1], w = l.flattenCHW[2];
            k = k.reshape({h, w, c, -1}).permute({2, 0, 1, 3}).reshape({c * h * w, -1});
        }
        return k.t().contiguous();
    }
    if (layout == KernelLayout::Theano) return k.flip({2, 3}).contiguous();
    if (l.kind == LayerKind::Depthwise) return k.permute({2, 3, 0, 1}).contiguous();
    return k.permute({3, 2, 0, 1}).contiguous();
}

torch::Tensor toKerasKernel(const LayerEntry& l, const torch::Tensor& w) {
    if (l.kind == LayerKind::Dense) {
        auto k = w.t();
        if (l.flattenCHW.size() == 3) {
            const auto c = l.flattenCHW[0], h = l.flattenCHW[1], wd = l.flattenCHW[2];
            k = k.reshape({c, h, wd, -1}).permute({1, 2, 0, 3}).reshape({c * h * wd, -1});
        }
        return k.contiguous();
    }
    if (l.kind == LayerKind::Depthwise) return w.permute({2, 3, 0, 1}).contiguous();
    return w.permute({2, 3, 1, 0}).contiguous();
}

// A 1x1 conv kernel [1, 1, in, out] feeding a Dense slot (Keras MobileNet's conv_preds).
torch::Tensor squeezeDenseKernel(const LayerEntry& l, const torch::Tensor& k) {
    if (l.kind == LayerKind::Dense && k.dim() == 4 && k.size(0) == 1 && k.size(1) == 1)
        return k.reshape({k.size(2), k.size(3)});
    return k;
}

KernelLayout detectLayout(
    Network& net,
    const std::vector<std::pair<const LayerEntry*, const keras::Layer*>>& pairs) {
    for (const auto& [ours, theirs] : pairs) {
        if (ours->kind != LayerKind::Conv || theirs->weights.empty()) continue;
        auto w = net.layerTensors(*ours).at("weight");
        auto found = theirs->weights[0].value.sizes().vec();
        const bool tf = found == kerasKernelShape(*ours, w, KernelLayout::TensorFlow);
        const bool th = found == kerasKernelShape(*ours, w, KernelLayout::Theano);
        if (tf && !th) return KernelLayout::TensorFlow;
        if (th && !tf) return KernelLayout::Theano;
    }
    return KernelLayout::TensorFlow;
}

void copyLayer(Network& net, const LayerEntry& ours, const keras::Layer& theirs,
               KernelLayout layout, const std::string& path, const std::string& how) {
    auto tensors = net.layerTensors(ours);
    std::vector<std::pair<std::string, torch::Tensor>> slots;  // torch name -> converted value
    std::vector<std::string> order;
    if (ours.kind == LayerKind::BatchNorm)
        order = {"weight", "bias", "running_mean", "running_var"};
    else
        order = tensors.count("bias") ? std::vector<std::string>{"weight", "bias"}
                                      : std::vector<std::string>{"weight"};
    auto where = [&](const std::string& wname) {
        return path + ": Keras layer '" + theirs.name + "'" +
               (theirs.name == ours.name ? "" : " (for " + ours.name + ", matched " + how + ")") +
               ", weight '" + wname + "'";
    };
    if (theirs.weights.size() != order.size())
        throw Error(ErrorCode::BadWeights,
                    where(theirs.weights.empty() ? "-" : theirs.weights[0].name) + ": expected " +
                        std::to_string(order.size()) + " weights for " + ours.modulePath +
                        ", found " + std::to_string(theirs.weights.size()) + ".");
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& target = tensors.at(order[i]);
        torch::Tensor value = theirs.weights[i].value;
        std::vector<std::int64_t> expected = target.sizes().vec();
        if (order[i] == "weight" && ours.kind != LayerKind::BatchNorm) {
            value = squeezeDenseKernel(ours, value);
            expected = kerasKernelShape(ours, target, layout);
        }
        if (value.sizes().vec() != expected)
            throw Error(ErrorCode::BadWeights,
                        where(theirs.weights[i].name) + ": expected " + shapeText(expected) + " (" +
                            ours.modulePath + "." + order[i] + " " + shapeText(target.sizes()) +
                            "), found " + shapeText(value.sizes()) + ".");
        if (!value.is_floating_point() || !torch::isfinite(value).all().item<bool>())
            throw Error(ErrorCode::BadWeights,
                        where(theirs.weights[i].name) + ": holds NaN or infinite values.");
        if (order[i] == "weight" && ours.kind != LayerKind::BatchNorm)
            value = toTorchKernel(ours, value, layout);
        slots.emplace_back(order[i], value);
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, value] : slots) tensors.at(name).copy_(value);
}

}  // namespace

void loadKerasWeights(Network& net, const keras::File& file, const std::string& path) {
    std::vector<const LayerEntry*> ours;
    for (const auto& l : net.layerEntries())
        if (isWeighted(l)) ours.push_back(&l);
    std::vector<const keras::Layer*> theirs;
    std::map<std::string, const keras::Layer*> byName;
    for (const auto& l : file.layers)
        if (!l.weights.empty()) {
            theirs.push_back(&l);
            byName[l.name] = &l;
        }
    // Generation 0 names layers as the registry does; each alias is one more generation.
    std::size_t generations = 1;
    for (const auto* l : ours) generations = std::max(generations, l->aliases.size() + 1);
    const NameMatch registry = matchNames(ours, byName, theirs, 0);

    // A Keras include_top=False file holds every layer but the dense classifier at the end
    // (VGG16: fc1, fc2, predictions; MobileNet: conv_preds).
    auto isTop = [&](std::size_t kept) {
        if (kept == 0 || kept >= ours.size()) return false;
        for (std::size_t i = kept; i < ours.size(); ++i)
            if (ours[i]->kind != LayerKind::Dense) return false;
        return true;
    };
    // The generation whose names cover the file exactly, or all but the classifier at the end.
    std::size_t generation = generations;
    NameMatch named;
    for (std::size_t g = 0; g < generations && generation == generations; ++g) {
        NameMatch m = g == 0 ? registry : matchNames(ours, byName, theirs, g);
        const bool notop =
            m.unexpected.empty() && isTop(ours.size() - m.missing.size()) &&
            std::equal(
                m.missing.begin(), m.missing.end(), ours.end() - m.missing.size(),
                [g](const std::string& n, const LayerEntry* l) { return n == nameIn(*l, g); });
        if ((m.missing.empty() && m.unexpected.empty()) || notop) {
            generation = g;
            named = std::move(m);
        }
    }
    std::vector<std::pair<const LayerEntry*, const keras::Layer*>> pairs;
    std::string how;
    std::size_t kept = ours.size();
    if (generation < generations) {
        how = generation == 0 ? "by name" : "by alias";
        kept = ours.size() - named.missing.size();
        for (std::size_t i = 0; i < kept; ++i)
            pairs.emplace_back(ours[i], byName.at(nameIn(*ours[i], generation)));
    } else if (generations == 1 && ours.size() == theirs.size()) {
        how = "by order";
        for (std::size_t i = 0; i < ours.size(); ++i) pairs.emplace_back(ours[i], theirs[i]);
    } else if (generations == 1 && registry.unexpected.size() == theirs.size() &&
               theirs.size() < ours.size() &&
               isTop(theirs.size())) {  // other names throughout (Theano-era files): by order
        how = "by order";
        kept = theirs.size();
        for (std::size_t i = 0; i < kept; ++i) pairs.emplace_back(ours[i], theirs[i]);
    } else {
        // Name the differences in the generation closest to the file's names.
        NameMatch closest = registry;
        for (std::size_t g = 1; g < generations; ++g) {
            NameMatch m = matchNames(ours, byName, theirs, g);
            if (m.missing.size() + m.unexpected.size() <
                closest.missing.size() + closest.unexpected.size())
                closest = std::move(m);
        }
        std::ostringstream os;
        os << path << ": the Keras file does not fit " << net.architecture() << ": it has "
           << theirs.size() << " layers with weights, the architecture " << ours.size() << ".";
        if (!closest.missing.empty()) os << "\n  missing layers: " << listNames(closest.missing);
        if (!closest.unexpected.empty())
            os << "\n  unexpected layers: " << listNames(closest.unexpected);
        os << mixedGenerations(ours, theirs, generations);
        throw Error(ErrorCode::BadWeights, os.str());
    }
    const KernelLayout layout = detectLayout(net, pairs);
    for (const auto& [o, t] : pairs) copyLayer(net, *o, *t, layout, path, how);
    net.untrainedTop.clear();
    for (std::size_t i = kept; i < ours.size(); ++i) net.untrainedTop.push_back(ours[i]->name);
    if (generation >= 1 && generation < generations) {
        const auto& row = arch::architectureOf(arch::parseArchitecture(net.architecture()));
        if (row.afterKerasAliases) row.afterKerasAliases(net.module());
    }
}

keras::File toKerasFile(Network& net) {
    keras::File file;
    file.backend = "tensorflow";
    for (const auto& l : net.layerEntries()) {
        if (!isWeighted(l)) continue;
        auto tensors = net.layerTensors(l);
        keras::Layer layer;
        layer.name = l.name;
        auto add = [&](const std::string& kerasName, const torch::Tensor& t) {
            layer.weights.push_back({l.name + "/" + kerasName + ":0", t.detach().clone()});
        };
        if (l.kind == LayerKind::BatchNorm) {
            add("gamma", tensors.at("weight"));
            add("beta", tensors.at("bias"));
            add("moving_mean", tensors.at("running_mean"));
            add("moving_variance", tensors.at("running_var"));
        } else {
            add(l.kind == LayerKind::Depthwise ? "depthwise_kernel" : "kernel",
                toKerasKernel(l, tensors.at("weight").detach()));
            if (tensors.count("bias")) add("bias", tensors.at("bias"));
        }
        file.layers.push_back(std::move(layer));
    }
    return file;
}

}  // namespace featurelab
