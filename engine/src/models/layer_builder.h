// Registers each layer of an architecture once: the module at the path weight files use, its
// registry entry and its forward segment come from one call, and the classifier head that
// replaceHead swaps is wired here, so no builder repeats that glue.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "models/network_parts.h"

namespace featurelab::arch {

using Forward = std::function<torch::Tensor(const torch::Tensor&)>;

/// A layer's forward: the module and the input. Outside template deduction (through
/// Identity, C++20's std::type_identity), so layer() takes a plain lambda for it.
template <class T>
struct Identity {
    using type = T;
};
template <class Holder>
using LayerForward =
    typename Identity<std::function<torch::Tensor(Holder&, const torch::Tensor&)>>::type;

/// A layer inside a block, as a call: runs the module and reports its output under the
/// layer's registry name (traceShape), so a block's forward names no layer again.
template <class Holder>
struct InnerLayer {
    Holder module;
    std::string name;
    torch::Tensor operator()(const torch::Tensor& x) {
        auto y = module->forward(x);
        traceShape(name, y);
        return y;
    }
};

/// A parameter-less layer inside a block: reports the output the block computed for it.
struct InnerOp {
    std::string name;
    torch::Tensor operator()(const torch::Tensor& y) const {
        traceShape(name, y);
        return y;
    }
};

/// Registers `module` at the dotted `path` under root ("features.0", "layer1.0.conv1");
/// missing parent containers on the way are created (parameter-less, so state-dict names
/// come out as torchvision's). Throws Error(Internal) when the path is already taken.
void registerAt(torch::nn::Module& root, const std::string& path,
                std::shared_ptr<torch::nn::Module> module);

class LayerBuilder {
public:
    /// Layers go into parts (segments, layers) and their modules under root.
    LayerBuilder(NetworkParts& parts, std::shared_ptr<torch::nn::Module> root);

    /// A layer with parameters as its own segment: registered at path, listed in the
    /// registry as name (default: path), forwarded by forward (default: module->forward).
    /// Returns the module holder, e.g. for a block's forward or a later shape query.
    template <class Holder>
    Holder layer(const std::string& path, LayerKind kind, Holder module,
                 LayerForward<Holder> forward = nullptr, const std::string& name = "") {
        registerAt(*root_, path, module.ptr());
        entry(name.empty() ? path : name, kind, path);
        if (!forward) forward = [](Holder& m, const torch::Tensor& x) { return m->forward(x); };
        segment(name.empty() ? path : name,
                [module, forward](const torch::Tensor& x) mutable { return forward(module, x); });
        return module;
    }

    /// A layer without parameters (activation, pooling, flatten) as its own segment.
    void op(const std::string& name, LayerKind kind, Forward forward);
    /// Dropout as its own segment: a torch::nn::Dropout registered at path (default: name),
    /// so it follows the network's train/eval mode like torchvision's and Keras' dropouts.
    void dropout(const std::string& name, double p, const std::string& path = "");

    /// A block (a residual unit) as one segment: its inner layers register with inner() /
    /// innerOp() before this call (they belong to the next segment added), and its forward
    /// reports each inner output with traceShape(name, y) so shapes, Grad-CAM and the layer
    /// table see them.
    void block(const std::string& name, Forward forward);
    /// A layer with parameters inside a block: module + registry entry, no segment.
    template <class Holder>
    Holder inner(const std::string& path, LayerKind kind, Holder module,
                 const std::string& name = "") {
        registerAt(*root_, path, module.ptr());
        entry(name.empty() ? path : name, kind, path);
        return module;
    }
    /// inner() as a call that traces the layer's output: `auto conv = b.tracedInner(...)`,
    /// then `y = conv(x)` in the block's forward.
    template <class Holder>
    InnerLayer<Holder> tracedInner(const std::string& path, LayerKind kind, Holder module,
                                   const std::string& name = "") {
        inner(path, kind, module, name);
        return {std::move(module), name.empty() ? path : name};
    }
    /// A parameter-less layer inside a block: registry entry only; the returned call traces
    /// the output the block computes for it (`y = relu(torch::relu(y + identity))`).
    InnerOp innerOp(const std::string& name, LayerKind kind);

    /// The classifier: Linear(in, out) at path as the last segment. replaceHead(n) swaps it
    /// for a fresh Linear(in, n) under the same path, and the segment follows the swap.
    /// flattenCHW: the (C, H, W) a preceding Flatten flattened (Keras kernel row order).
    void head(const std::string& path, std::int64_t in, std::int64_t out,
              const std::string& name = "", std::vector<std::int64_t> flattenCHW = {});

    /// Pins a named cut point ("pool", "penultimate", "dense_input") to the input of the
    /// segment called segmentName. Unpinned ones are derived in finish():
    ///  penultimate: the head's segment, moved back over Dropout segments;
    ///  dense_input: penultimate, moved back over Dense/Activation/Dropout segments;
    ///  pool:        the segment after the last Pool segment before penultimate.
    void pinCut(const std::string& cut, const std::string& segmentName);

    /// Sets cuts, replaceHead and numOutputs; the builder is spent afterwards.
    NetworkParts& finish();

    /// The last registry entry added (to set flattenCHW or aliases on it).
    LayerEntry& lastEntry();

private:
    void entry(const std::string& name, LayerKind kind, const std::string& path);
    void segment(const std::string& name, Forward forward);

    NetworkParts& parts_;
    std::shared_ptr<torch::nn::Module> root_;
    std::shared_ptr<torch::nn::Linear> head_;  // shared with the head's segment
    std::string headPath_;
    std::int64_t headIn_ = 0;
    std::map<std::string, std::string> pinned_;
    std::vector<std::size_t> unplaced_;  // registry entries waiting for their segment
};

}  // namespace featurelab::arch
