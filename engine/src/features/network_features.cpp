// A Network cut at a named layer as a feature extractor, and the cache key that identifies it.
#include "features/network_features.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "featurelab/error.h"
#include "models/network.h"
#include "models/trainability.h"

namespace featurelab {
namespace {

/// Word-wise FNV-style mix over tensor bytes; only needs to tell different weights apart.
void mix(std::uint64_t& h, const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
    const auto* p = static_cast<const unsigned char*>(c.data_ptr());
    const std::size_t n = c.numel() * c.element_size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 1099511628211ull;
    }
    for (; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
}

}  // namespace

FeatureExtractor networkExtractor(std::shared_ptr<Network> network, const std::string& layer) {
    const std::size_t cut = network->cutPoint(layer);  // throws for an unknown name
    // Features through a notop file's random classifier would be noise, silently.
    if (!network->untrainedTop.empty()) {
        const auto layers = network->layers();
        const auto seg = layerSegments(*network);
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (layers[i].name == network->untrainedTop.front() && cut > seg[i])
                throw Error(ErrorCode::BadWeights,
                            "Features at '" + layer + "' pass through " + layers[i].name +
                                ", which the weights file has no weights for (a Keras "
                                "include_top=False file). Cut lower, e.g. at 'pool'.",
                            {HintAction::ChooseLayer, "pool"});
    }
    const bool probs = layer == "probs";
    network->module().eval();
    const std::int64_t perPass = imagesPerPass(*network);
    return [network, cut, probs, perPass](const torch::Tensor& x) {
        return inSlices(x, perPass,
                        [&](const torch::Tensor& part) {
                            torch::Tensor y = network->forwardSegments(part, 0, cut).flatten(1);
                            return std::vector<torch::Tensor>{probs ? torch::softmax(y, 1) : y};
                        })
            .front();
    };
}

std::int64_t imagesPerPass(Network& network) {
    std::vector<LayerInfo> layers;
    try {
        layers = network.layers();
    } catch (const Error&) {
        return 64;  // no shapes to go by; extraction itself reports what is wrong
    }
    std::int64_t largest = 0;  // floats per image in the largest layer output
    for (const LayerInfo& l : layers) {
        std::int64_t n = l.outputShape.empty() ? 0 : 1;
        for (const std::int64_t d : l.outputShape) n *= std::max<std::int64_t>(d, 1);
        largest = std::max(largest, n);
    }
    if (largest <= 0) return 64;  // nothing known (a TorchScript file): a usual batch
    return std::max<std::int64_t>(1, (std::int64_t(24) << 20) / (largest * 4));
}

std::vector<torch::Tensor> inSlices(
    const torch::Tensor& x, std::int64_t n,
    const std::function<std::vector<torch::Tensor>(const torch::Tensor&)>& fn) {
    const std::int64_t rows = x.size(0);
    if (rows <= n) return fn(x);
    std::vector<std::vector<torch::Tensor>> parts;
    for (std::int64_t i = 0; i < rows; i += n)
        parts.push_back(fn(x.narrow(0, i, std::min(n, rows - i))));
    std::vector<torch::Tensor> out;
    for (std::size_t k = 0; k < parts.front().size(); ++k) {
        std::vector<torch::Tensor> column;
        for (const auto& p : parts) column.push_back(p[k]);
        out.push_back(torch::cat(column));
    }
    return out;
}

std::string networkFeatureKey(const BackboneSpec& spec, Network& network,
                              const std::string& layer) {
    std::string weights;
    if (spec.weightsPath.empty()) {
        std::uint64_t h = 1469598103934665603ull;
        for (const auto& p : network.module().parameters()) mix(h, p);
        for (const auto& b : network.module().buffers()) mix(h, b);
        char buf[40];
        std::snprintf(buf, sizeof buf, "random-init:%016llx", static_cast<unsigned long long>(h));
        weights = buf;
    } else {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path p = fs::canonical(fs::u8path(spec.weightsPath), ec);
        if (ec) throw Error(ErrorCode::NotFound, "Weights file not found: " + spec.weightsPath);
        const auto size = fs::file_size(p, ec);
        const auto mtime = fs::last_write_time(p, ec).time_since_epoch();
        weights =
            p.string() + ":" + std::to_string(size) + ":" +
            std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count());
    }
    return network.architecture() + "|" + weights + "|" + layer;
}

std::vector<FeatureSet> networkFeatures(const std::shared_ptr<Network>& network,
                                        const BackboneSpec& spec, const std::string& layer,
                                        const DatasetScan& scan,
                                        const std::vector<std::string>& splits,
                                        FeatureCacheOptions options) {
    options.key = networkFeatureKey(spec, *network, layer);
    options.preprocessing = network->preprocessing();
    options.extractor = networkExtractor(network, layer);
    return loadOrExtractFeatures(scan, splits, options);
}

}  // namespace featurelab
