// Keras HDF5 weights <-> a Network: layout conversions (HWIO/Theano kernels, Dense after a
// channels-last Flatten) and matching by layer name, else by order and shape.
#pragma once

#include <string>

#include "models/keras_h5.h"
#include "models/network.h"

namespace featurelab {

/// Copies a Keras file's weights into net. Layers match by name when every weighted registry
/// layer's name is in the file, otherwise by order. Layers with LayerEntry::aliases also match
/// by alias: a file names every layer by registry name or every one by alias (one naming
/// generation per file; a file mixing them is refused, saying so), and such a network never
/// matches by order (parallel branches make Keras' layer order differ from the registry's).
/// After a match by alias the architecture row's afterKerasAliases runs. The kernel layout
/// (TensorFlow HWIO, or Theano OIHW with flipped kernels and a channels-first Flatten) is
/// detected from the first convolution kernel. Throws Error(BadWeights) naming the first tensor
/// that does not fit, with expected and found shapes, and listing missing/unexpected layers. A
/// file without the dense classifier at the end (Keras include_top=False) loads everything else
/// and lists the classifier's layers in net.untrainedTop.
void loadKerasWeights(Network& net, const keras::File& file, const std::string& path);

/// The network in Keras layout (TensorFlow kernels, channels-last Flatten), one layer per
/// weighted registry layer, named after it. loadKerasWeights reads it back bit-identically.
keras::File toKerasFile(Network& net);

}  // namespace featurelab
