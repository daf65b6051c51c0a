// Trainability beyond one layer at a time: by range ("from block5_conv1 on") and by kind
// ("all dense"). Built on Network::setTrainable, so frozen BatchNorm keeps its eval mode.
#pragma once

#include <string>
#include <vector>

#include "models/network.h"

namespace featurelab {

/// Every registry layer with parameters becomes trainable (or frozen).
void setAllTrainable(Network& net, bool trainable);

/// Layers before firstLayer (a registry name or module path) are frozen; it and every later
/// layer train, like Keras' `for l in model.layers[i:]: l.trainable = True`. Throws
/// Error(InvalidArgument) for an unknown layer.
void setTrainableFrom(Network& net, const std::string& firstLayer);

/// Sets every layer of one kind (e.g. LayerKind::Dense) and leaves the others as they are.
/// Returns how many layers it touched.
int setTrainableByKind(Network& net, LayerKind kind, bool trainable);

/// The segment each registry layer belongs to: as LayerBuilder wired it (LayerEntry::segment);
/// for networks put together by hand, its own segment when the names agree, else the segment
/// whose name prefixes it before a '.', '/' or '_' ("layer4.1" holds "layer4.1.conv1").
std::vector<std::size_t> layerSegments(Network& net);

}  // namespace featurelab
