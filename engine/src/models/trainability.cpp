// Range and kind trainability on top of Network::setTrainable.
#include "models/trainability.h"

#include "featurelab/error.h"
#include "models/network.h"

namespace featurelab {

void setAllTrainable(Network& net, bool trainable) {
    for (const auto& l : net.layers())
        if (l.params > 0) net.setTrainable(l.name, trainable);
}

void setTrainableFrom(Network& net, const std::string& firstLayer) {
    const LayerEntry* first = net.findLayer(firstLayer);
    if (!first)
        throw Error(ErrorCode::InvalidArgument,
                    "No layer named '" + firstLayer + "' in " + net.architecture() + ".",
                    {HintAction::ShowLayerNames, net.architecture()});
    bool on = false;
    for (const auto& l : net.layers()) {
        on = on || l.name == first->name;
        if (l.params > 0) net.setTrainable(l.name, on);
    }
}

int setTrainableByKind(Network& net, LayerKind kind, bool trainable) {
    int touched = 0;
    for (const auto& l : net.layers())
        if (l.kind == kind && l.params > 0) {
            net.setTrainable(l.name, trainable);
            ++touched;
        }
    return touched;
}

std::vector<std::size_t> layerSegments(Network& net) {
    const auto segs = net.segments();
    const auto layers = net.layers();
    std::vector<std::size_t> out(layers.size(), 0);
    std::size_t previous = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        // Wired by LayerBuilder: exact. Networks put together by hand: found by name.
        if (const LayerEntry* entry = net.findLayer(layers[i].name); entry && entry->segment >= 0) {
            out[i] = static_cast<std::size_t>(entry->segment);
            previous = out[i];
            continue;
        }
        const std::string& name = layers[i].name;
        std::size_t best = segs.size(), bestLen = 0;
        for (std::size_t s = 0; s < segs.size(); ++s) {
            const std::string& sn = segs[s];
            const bool exact = sn == name;
            const bool prefix =
                name.size() > sn.size() && name.compare(0, sn.size(), sn) == 0 &&
                (name[sn.size()] == '.' || name[sn.size()] == '/' || name[sn.size()] == '_');
            if ((exact || prefix) && sn.size() >= bestLen) {
                best = s;
                bestLen = sn.size();
                if (exact) break;
            }
        }
        // A layer no segment names sits in the segment of the layer before it.
        out[i] = best < segs.size() ? best : previous;
        previous = out[i];
    }
    return out;
}

}  // namespace featurelab
