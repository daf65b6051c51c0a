// A trained model as one self-contained safetensors (or Keras-layout HDF5) file: the whole network
// (backbone + head), the linear stage's extra head when there is one, and metadata to rebuild it
// for predict.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "featurelab/preprocessing.h"
#include "models/network.h"

namespace featurelab::recipe {

/// What a model file holds besides tensors.
struct ModelMeta {
    std::string architecture;  // e.g. "mobilenet_v1_0.25"
    std::vector<std::string> classes;
    Preprocessing preprocessing;
    std::string stage;          // the recipe stage that produced it
    std::string backbone;       // the spec the run started from (for people, not for loading)
    std::string sourceWeights;  // the backbone's weights file ("" for random init)
};

/// A loaded model: the network and, for the linear stage, the head on its probabilities.
struct LoadedModel {
    ModelMeta meta;
    std::shared_ptr<Network> net;
    std::shared_ptr<torch::nn::LinearImpl> probsHead;  // null unless stage "linear"
    /// Class probabilities [B, C] for a batch of preprocessed images, in eval mode.
    torch::Tensor predict(const torch::Tensor& images);
};

/// Writes net (+ probsHead) and meta. Throws Error(Io).
void saveModel(const std::string& file, Network& net,
               const std::shared_ptr<torch::nn::LinearImpl>& probsHead, const ModelMeta& meta);

/// The same model in Keras's legacy weights layout (featurelab/model_export.h describes it),
/// written atomically like saveModel. Throws Error(Io), Error(Internal) for a network that has
/// no layer registry (torchscript).
void saveModelKeras(const std::string& file, Network& net,
                    const std::shared_ptr<torch::nn::LinearImpl>& probsHead, const ModelMeta& meta);

/// Rebuilds the architecture from the metadata and loads every tensor: needs no other file.
/// Reads either saveModel's safetensors or saveModelKeras's HDF5 (told apart by the bytes); a
/// run folder stands for its model.safetensors.
/// Throws Error(NotFound), Error(BadWeights) for a file that is not a Featurelab model.
LoadedModel loadModel(const std::string& file);

/// Loads a model file's weights into an existing network of the same architecture (resume):
/// replaces the head when the class count differs. Returns the probs head, if any.
std::shared_ptr<torch::nn::LinearImpl> loadModelInto(const std::string& file, Network& net);

}  // namespace featurelab::recipe
