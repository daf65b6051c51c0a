// A loaded network described as plain values (featurelab/backbone.h's BackboneDescription).
#pragma once

#include <string>

#include "featurelab/backbone.h"
#include "models/network.h"

namespace featurelab {

/// The description of network, built from specText: layers, parameters, feature points.
BackboneDescription describeNetwork(const std::string& specText, Network& network);

}  // namespace featurelab
