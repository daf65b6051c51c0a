// Range and kind trainability on top of Network::setTrainable.
#include "models/trainability.h"

#include "featurelab/error.h"
#include "models/chain_network.h"

namespace featurelab {

void setAllTrainable(Network& net, bool trainable) {
    for (const auto& l : net.layers())
        if (l.params > 0) net.setTrainable(l.name, trainable);
}

void setTrainableFrom(Network& net, const std::string& firstLayer) {
    const LayerEntry* first = asChain(net).findLayer(firstLayer);
    if (!first)
        throw Error(ErrorCode::InvalidArgument,
                    "No layer named '" + firstLayer + "' in " + net.architecture() +
                        " (see 'featurelab-cli summary' for the layer names).");
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

}  // namespace featurelab
