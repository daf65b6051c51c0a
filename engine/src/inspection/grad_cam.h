// Grad-CAM on a loaded model (TrainedModel::gradCam): the layers it can look at and the map
// for one image.
#pragma once

#include <string>
#include <vector>

#include "featurelab/backbone_spec.h"
#include "featurelab/grad_cam.h"
#include "recipe/model_file.h"

namespace featurelab {

/// Registry layers of kind conv, depthwise or activation whose output is a [C, H, W] map, in
/// forward order; the last is the default (the output of the last conv block).
std::vector<LayerInfo> gradCamLayers(Network& net);

/// Grad-CAM of one image; throws as TrainedModel::gradCam documents. Not thread-safe: the
/// caller serialises calls on one model.
GradCam computeGradCam(recipe::LoadedModel& model, const std::string& imagePath,
                       const GradCamOptions& options);

}  // namespace featurelab
