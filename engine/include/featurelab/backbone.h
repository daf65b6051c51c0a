// Backbones for callers without torch (CLI, GUI): the Backbone handle (loaded once: summary,
// ImageNet classes, features) and the values it answers with.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "featurelab/job.h"
#include "featurelab/backbone_spec.h"
#include "featurelab/preprocessing.h"
#include "featurelab/progress.h"

namespace featurelab {

struct StageConfig;  // featurelab/recipe.h
struct StageLayers;  // featurelab/stages.h

struct BackboneDescription {
    std::string spec;          // BackboneSpec text as given
    std::string architecture;  // e.g. "mobilenet_v1_0.25"
    std::string weightsPath;   // empty for random initialisation
    bool randomInit = true;    // no weights file: the UI must say so
    /// Layers the weights file had no weights for: the dense classifier of a Keras
    /// include_top=False ("notop") file. They start random, so the ImageNet outputs (the
    /// 'linear' stage, classify) are meaningless; the UI must say so.
    std::vector<std::string> untrainedTop;
    std::string weightsFormat;  // "Keras HDF5", "safetensors", "torch.save archive", "TorchScript"
    Preprocessing preprocessing;  // input size = preprocessing.width x preprocessing.height
    std::vector<LayerInfo> layers;
    std::int64_t totalParams = 0;      // parameters plus BatchNorm statistics, as Keras counts
    std::int64_t trainableParams = 0;  // parameters that receive gradients
    int numOutputs = 0;                // 1000 for an ImageNet classifier
    /// Named cut points ("probs", "penultimate", "pool", "dense_input") with the feature shape
    /// (without batch) each produces for this input size.
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> featurePoints;
};

/// Builds the backbone (loading its weights) and describes it. Throws Error: InvalidArgument
/// for a bad spec, NotFound for a missing weights file, BadWeights for weights that do not fit.
BackboneDescription describeBackbone(const std::string& spec);

/// A Keras model.summary()-like table: layer (kind), output shape, params, trainable, then the
/// totals. One line per registry layer.
std::string formatSummary(const BackboneDescription& description);

struct ClassScore {
    int classIndex = 0;
    std::string className;  // from the class index file; "" when none was found
    float probability = 0.f;
};

struct ImageClassification {
    std::string path;
    std::vector<ClassScore> top;  // best first; empty when the image failed
    std::string error;            // why the image could not be classified ("" on success)
};

struct ClassifyOptions {
    int topK = 5;
    int batchSize = 32;
    /// Keras' imagenet_class_index.json ({"0": ["n01440764", "tench"], ...}). Empty: the file
    /// of that name next to the weights file, if any.
    std::string classIndexPath;
};

/// Image files in paths: files as given (in order), directories read recursively (sorted),
/// keeping the extensions OpenCV decodes (jpg, jpeg, png, bmp, webp, tif, tiff).
/// Throws Error(NotFound) for a path that does not exist.
std::vector<std::string> collectImages(const std::vector<std::string>& paths);

/// Backbone::open(spec, job).classify(imagePaths, options, job): the backbone's own
/// preprocessing and forward pass, the top-K softmax classes per image. An undecodable image
/// gets an error entry instead of aborting the batch. Throws Error for a bad spec or weights
/// (see Backbone::open), Error(BadWeights) for weights without a classifier top (notop), and
/// Error(Cancelled).
std::vector<ImageClassification> classifyImages(const std::string& spec,
                                                const std::vector<std::string>& imagePaths,
                                                const ClassifyOptions& options = {},
                                                const JobControl& job = {});

/// Class names from a Keras imagenet_class_index.json, indexed by class. Throws
/// Error(NotFound/InvalidArgument).
std::vector<std::string> loadClassIndex(const std::string& path);

/// Features of a list of images at one cut point: rows in the order of the paths given.
struct FeatureRows {
    std::vector<std::string> paths;           // the images that decoded, in order
    std::vector<std::int64_t> shape;          // per row, e.g. {256} or {512, 7, 7}
    std::vector<float> values;                // rows.size() x product(shape), row-major
    std::vector<ImageClassification> failed;  // images that could not be decoded, with why
};

/// A loaded backbone: the network is built and its weights read once, in open(); every
/// question after that (summary, ImageNet classes, features) reuses them. Copies share the
/// same loaded network and may be used from one thread at a time each; calls are serialised.
class Backbone {
public:
    /// Builds the architecture and loads its weights. Throws Error: InvalidArgument for a bad
    /// spec, NotFound for a missing weights file, BadWeights (hint ChooseWeights) for weights
    /// that cannot be read or do not fit, Cancelled.
    static Backbone open(const std::string& spec, const JobControl& job = {});

    const BackboneDescription& description() const;
    /// formatSummary(description()).
    std::string summary() const;
    /// The backbone's top-K ImageNet classes per image (see classifyImages). An undecodable
    /// image gets an error entry. Throws Error: BadWeights for weights without a classifier
    /// top (notop), NotFound for a class index file that is missing, Cancelled.
    std::vector<ImageClassification> classify(const std::vector<std::string>& imagePaths,
                                              const ClassifyOptions& options = {},
                                              const JobControl& job = {}) const;
    /// Features at a cut point ("probs", "penultimate", "pool", "dense_input" or a segment
    /// name) for each image. Throws Error: InvalidArgument for an unknown cut, BadWeights when
    /// the cut passes through a notop file's random classifier, Cancelled.
    FeatureRows features(const std::vector<std::string>& imagePaths, const std::string& layer,
                         const JobControl& job = {}) const;
    /// The registry layers stage trains on this backbone and whether BatchNorm stays frozen
    /// (featurelab/stages.h), decided by the code a run uses. Throws Error(InvalidArgument):
    /// a stage name without default layers (and no trainableLayers), an unknown layer in
    /// trainableLayers or fromLayer, 'conv' on a network without conv layers, 'linear' on a
    /// weights file without classifier top (hint StartAtStage).
    StageLayers stageLayers(const StageConfig& stage) const;

    struct Impl;

private:
    explicit Backbone(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<Impl> impl_;
};

}  // namespace featurelab
