// The one Network implementation: an architecture described as named segments plus a layer
// registry, so every architecture gets cut points, trainability and shapes the same way.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/network.h"
#include "models/network_parts.h"

namespace featurelab {

class ChainNetwork : public Network {
public:
    explicit ChainNetwork(NetworkParts parts);

    torch::nn::Module& module() override { return *parts_.root; }
    std::string architecture() const override { return parts_.architecture; }
    Preprocessing preprocessing() const override { return parts_.preprocessing; }
    std::vector<std::string> segments() const override;
    torch::Tensor forwardSegments(const torch::Tensor& x, std::size_t begin,
                                  std::size_t end) override;
    std::size_t cutPoint(const std::string& name) const override;
    void replaceHead(int numClasses) override;
    int numOutputs() const override { return parts_.numOutputs(); }
    std::vector<LayerInfo> layers() override;
    void setTrainable(const std::string& layerName, bool trainable) override;
    void setTrainMode(bool on) override;

    // Additions for models/ (importers, exporters) beyond the Network contract.
    const std::vector<LayerEntry>& layerEntries() const { return parts_.layers; }
    /// The registry entry for a registry name or module path; nullptr when unknown.
    const LayerEntry* findLayer(const std::string& nameOrPath) const;
    /// The parameters and buffers of one registry layer, keyed by their short names
    /// ("weight", "bias", "running_mean", "running_var").
    std::map<std::string, torch::Tensor> layerTensors(const LayerEntry& layer);
    /// The conv stage's default first layer; "" = the fourth-last conv layer.
    const std::string& convFrom() const { return parts_.convFrom; }
    /// The feature shape (without batch) at a cut point for the default input size.
    std::vector<std::int64_t> cutShape(std::size_t cut);
    /// Architectures may switch pipelines after loading (a Keras vgg16 file wants Keras').
    void setPreprocessing(const Preprocessing& p) {
        parts_.preprocessing = p;
        shapes_.reset();
    }
    /// Whether the network was built without a weights file (random initialisation).
    bool randomInit = true;
    std::string weightsPath;
    std::string weightsFormat;  // "Keras HDF5", "safetensors", ... ("" for random init)
    /// Registry layers the weights file had nothing for: the classifier top of a Keras
    /// include_top=False ("notop") file. They keep their random initialisation, so the
    /// network's ImageNet outputs mean nothing; every recipe stage but 'linear' trains them.
    std::vector<std::string> untrainedTop;

private:
    std::vector<std::int64_t> probeInputShape() const;

    NetworkParts parts_;
    std::optional<std::map<std::string, std::vector<std::int64_t>>> shapes_;
};

/// The ChainNetwork behind a Network built by createNetwork (every one is); throws Internal
/// otherwise.
ChainNetwork& asChain(Network& net);

}  // namespace featurelab
