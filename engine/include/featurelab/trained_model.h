// A trained model (a run folder, its model.safetensors, a stage checkpoint or an exported
// Keras .h5) as a handle: loaded once, then asked about images as often as needed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "featurelab/backbone.h"
#include "featurelab/grad_cam.h"
#include "featurelab/job.h"

namespace featurelab {

struct ImagePrediction {
    std::string path;
    std::vector<float> probs;  // one per class of TrainedModel::classes(), sums to 1
    int predicted = -1;        // argmax of probs
    std::string error;         // why the image could not be predicted ("" on success)
};

/// A model the recipe trained. open() reads the weights once; predictions reuse them. The
/// backbone it was trained from (for the ImageNet top-5) is loaded the first time it is
/// asked for and kept. Copies share the loaded model; calls are serialised.
class TrainedModel {
public:
    /// Opens a model file (.safetensors or an exported .h5) or a run folder (its
    /// model.safetensors). Throws Error: NotFound for a missing file or a folder without a
    /// model, BadWeights for a file that is not a Featurelab model, Cancelled.
    static TrainedModel open(const std::string& modelOrRunDir, const JobControl& job = {});

    const std::string& file() const;  // the model file that was read
    const std::vector<std::string>& classes() const;
    const std::string& stage() const;         // the recipe stage that produced it
    const std::string& architecture() const;  // e.g. "mobilenet_v1_0.25"
    const std::string& backboneSpec() const;  // the spec the run started from

    /// Class probabilities for one image. Throws Error: NotFound, BadImage.
    ImagePrediction predict(const std::string& imagePath) const;
    /// Class probabilities for many images, batched; an image that cannot be decoded gets an
    /// error entry instead of failing the batch. Throws Error(Cancelled).
    std::vector<ImagePrediction> predict(const std::vector<std::string>& imagePaths,
                                         const JobControl& job = {}) const;
    /// The top-K ImageNet classes of the backbone the model was trained from. Loads that
    /// backbone's weights once, on the first call. Throws Error: BadWeights (hint
    /// ChooseWeights) when the backbone's weights file is gone, has no ImageNet classifier or
    /// the model came from random weights; BadImage/NotFound for the image.
    ImageClassification imagenetTop(const std::string& imagePath, int k = 5) const;

    /// The layers Grad-CAM can look at, in forward order: the conv, depthwise and activation
    /// layers of the layer registry whose output is a spatial map. The last one (the output
    /// of the last conv block) is the default. Empty for a network without a layer registry
    /// (torchscript). Throws Error(Internal) only for a failed shape probe.
    std::vector<LayerInfo> gradCamLayers() const;
    /// Grad-CAM of one image (featurelab/grad_cam.h). Throws Error: InvalidArgument for a
    /// classIndex outside -1..classes()-1, a layer not in gradCamLayers() (hint
    /// ShowLayerNames) or a model without such layers; NotFound/BadImage for the image.
    GradCam gradCam(const std::string& imagePath, const GradCamOptions& options = {}) const;

    struct Impl;

private:
    explicit TrainedModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<Impl> impl_;
};

}  // namespace featurelab
