// LayerBuilder: one call per layer puts its module, registry entry and segment in place;
// finish() derives the cut points and wires the classifier head.
#include "models/layer_builder.h"

#include <algorithm>

#include "featurelab/error.h"

namespace featurelab::arch {

namespace {

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (;;) {
        const auto dot = path.find('.', begin);
        parts.push_back(path.substr(begin, dot - begin));
        if (dot == std::string::npos) break;
        begin = dot + 1;
    }
    return parts;
}

// The module at `path` under root, creating parameter-less containers on the way when asked;
// nullptr when a part is missing and not to be created.
std::shared_ptr<torch::nn::Module> walk(torch::nn::Module& root,
                                        const std::vector<std::string>& parts, std::size_t count,
                                        bool create) {
    std::shared_ptr<torch::nn::Module> current;
    torch::nn::Module* parent = &root;
    for (std::size_t i = 0; i < count; ++i) {
        const auto children = parent->named_children();
        if (const auto* child = children.find(parts[i]))
            current = *child;
        else if (create)
            current = parent->register_module(parts[i], std::make_shared<torch::nn::Module>());
        else
            return nullptr;
        parent = current.get();
    }
    return current;
}

}  // namespace

void registerAt(torch::nn::Module& root, const std::string& path,
                std::shared_ptr<torch::nn::Module> module) {
    const auto parts = splitPath(path);
    for (const auto& p : parts)
        if (p.empty())
            throw Error(ErrorCode::Internal, "Module path '" + path + "' has an empty part.");
    auto parent = walk(root, parts, parts.size() - 1, true);
    torch::nn::Module& owner = parent ? *parent : root;
    if (owner.named_children().find(parts.back()))
        throw Error(ErrorCode::Internal, "Module path '" + path + "' is registered twice.");
    owner.register_module(parts.back(), std::move(module));
}

LayerBuilder::LayerBuilder(NetworkParts& parts, std::shared_ptr<torch::nn::Module> root)
    : parts_(parts), root_(std::move(root)) {
    parts_.root = root_;
}

void LayerBuilder::entry(const std::string& name, LayerKind kind, const std::string& path) {
    for (const auto& l : parts_.layers)
        if (l.name == name)
            throw Error(ErrorCode::Internal, "Layer '" + name + "' is registered twice.");
    LayerEntry e;
    e.name = name;
    e.kind = kind;
    e.modulePath = path;
    unplaced_.push_back(parts_.layers.size());
    parts_.layers.push_back(std::move(e));
}

void LayerBuilder::segment(const std::string& name, Forward forward) {
    // Every entry since the previous segment runs in this one: its own layer, or a block's
    // inner layers (registered before the block).
    for (std::size_t i : unplaced_)
        parts_.layers[i].segment = static_cast<std::ptrdiff_t>(parts_.segments.size());
    unplaced_.clear();
    parts_.segments.push_back({name, std::move(forward)});
}

void LayerBuilder::op(const std::string& name, LayerKind kind, Forward forward) {
    entry(name, kind, "");
    segment(name, std::move(forward));
}

void LayerBuilder::dropout(const std::string& name, double p, const std::string& path) {
    torch::nn::Dropout drop(p);
    registerAt(*root_, path.empty() ? name : path, drop.ptr());
    op(name, LayerKind::Dropout,
       [drop](const torch::Tensor& x) mutable { return drop->forward(x); });
}

void LayerBuilder::block(const std::string& name, Forward forward) {
    segment(name, std::move(forward));
}

InnerOp LayerBuilder::innerOp(const std::string& name, LayerKind kind) {
    entry(name, kind, "");
    return {name};
}

void LayerBuilder::head(const std::string& path, std::int64_t in, std::int64_t out,
                        const std::string& name, std::vector<std::int64_t> flattenCHW) {
    if (head_) throw Error(ErrorCode::Internal, "A network has one classifier head.");
    head_ = std::make_shared<torch::nn::Linear>(in, out);
    headPath_ = path;
    headIn_ = in;
    registerAt(*root_, path, head_->ptr());
    entry(name.empty() ? path : name, LayerKind::Dense, path);
    lastEntry().flattenCHW = std::move(flattenCHW);
    auto fc = head_;
    segment(name.empty() ? path : name, [fc](const torch::Tensor& x) { return (*fc)->forward(x); });
}

void LayerBuilder::pinCut(const std::string& cut, const std::string& segmentName) {
    pinned_[cut] = segmentName;
}

LayerEntry& LayerBuilder::lastEntry() {
    if (parts_.layers.empty()) throw Error(ErrorCode::Internal, "No layer registered yet.");
    return parts_.layers.back();
}

NetworkParts& LayerBuilder::finish() {
    if (!head_ || parts_.segments.empty() ||
        parts_.segments.back().name != parts_.layers.back().name)
        throw Error(ErrorCode::Internal, "An architecture ends with its head().");
    if (!unplaced_.empty())
        throw Error(ErrorCode::Internal, "Layer '" + parts_.layers[unplaced_.front()].name +
                                             "' was registered after its block.");
    // A segment's kind is its registry layer's (same name); blocks count as Other.
    auto kindOf = [&](std::size_t segment) {
        for (const auto& l : parts_.layers)
            if (l.name == parts_.segments[segment].name) return l.kind;
        return LayerKind::Other;
    };
    auto backOver = [&](std::size_t i, std::initializer_list<LayerKind> kinds) {
        while (i > 0 && std::find(kinds.begin(), kinds.end(), kindOf(i - 1)) != kinds.end()) --i;
        return i;
    };
    const std::size_t headIndex = parts_.segments.size() - 1;
    const std::size_t penultimate = backOver(headIndex, {LayerKind::Dropout});
    std::size_t pool = penultimate;
    for (std::size_t i = penultimate; i-- > 0;)
        if (kindOf(i) == LayerKind::Pool) {
            pool = i + 1;
            break;
        }
    parts_.cuts = {{"penultimate", penultimate},
                   {"dense_input", backOver(penultimate, {LayerKind::Dense, LayerKind::Activation,
                                                          LayerKind::Dropout})},
                   {"pool", pool}};
    for (const auto& [cut, segmentName] : pinned_) {
        std::size_t i = 0;
        while (i < parts_.segments.size() && parts_.segments[i].name != segmentName) ++i;
        if (i == parts_.segments.size())
            throw Error(ErrorCode::Internal,
                        "pinCut('" + cut + "'): no segment named '" + segmentName + "'.");
        parts_.cuts[cut] = i;
    }

    // replaceHead swaps the Linear under the head's path; the head segment reads it through
    // the shared holder, so the forward follows the swap.
    const auto pathParts = splitPath(headPath_);
    auto parent = walk(*root_, pathParts, pathParts.size() - 1, false);
    auto root = root_;
    auto fc = head_;
    const std::string child = pathParts.back();
    const std::int64_t in = headIn_;
    parts_.replaceHead = [root, parent, fc, child, in](int n) {
        torch::nn::Module& owner = parent ? *parent : *root;
        *fc = owner.replace_module(child, torch::nn::Linear(in, n));
    };
    parts_.numOutputs = [fc] { return static_cast<int>((*fc)->options.out_features()); };
    return parts_;
}

}  // namespace featurelab::arch
