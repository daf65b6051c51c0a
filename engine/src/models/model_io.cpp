// Whole-model export to safetensors / Keras HDF5 with featurelab metadata, and loading it back.
#include "models/model_io.h"

#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "models/chain_network.h"
#include "models/keras_h5.h"
#include "models/keras_weights.h"
#include "models/weights_io.h"

namespace featurelab {

namespace {

const char* kFormat = "featurelab-model/1";

std::map<std::string, std::string> buildMetadata(Network& net, const std::vector<std::string>& classes,
                                                 const std::map<std::string, std::string>& extra) {
    auto& chain = asChain(net);
    std::map<std::string, std::string> m = extra;
    m["format"] = kFormat;
    m["architecture"] = net.architecture();
    m["classes"] = nlohmann::json(classes).dump();
    m["num_outputs"] = std::to_string(net.numOutputs());
    m["preprocessing"] = net.preprocessing().toString();
    m["source_weights"] = chain.weightsPath;
    return m;
}

ExportedModel rebuild(const std::map<std::string, std::string>& metadata, const std::string& path) {
    auto get = [&](const char* key) {
        auto it = metadata.find(key);
        if (it == metadata.end())
            throw Error(ErrorCode::BadWeights,
                        path + ": not a Featurelab model export (no '" + key +
                            "' metadata); use it as backbone weights instead (--backbone ARCH:" +
                            path + ").");
        return it->second;
    };
    if (get("format") != kFormat)
        throw Error(ErrorCode::BadWeights, path + ": unsupported export format " + get("format"));
    ExportedModel out;
    out.metadata = metadata;
    out.architecture = get("architecture");
    try {
        out.classes = nlohmann::json::parse(get("classes")).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::BadWeights, path + ": malformed 'classes' metadata");
    }
    out.preprocessing = Preprocessing::parse(get("preprocessing"));
    BackboneSpec spec;
    spec.architecture = out.architecture;
    // Only a TorchScript backbone lives outside the export.
    if (out.architecture.rfind("torchscript", 0) == 0) spec.weightsPath = get("source_weights");
    out.network = createNetwork(spec);
    const int outputs = std::stoi(get("num_outputs"));
    if (outputs != out.network->numOutputs()) out.network->replaceHead(outputs);
    asChain(*out.network).setPreprocessing(out.preprocessing);
    return out;
}

}  // namespace

void exportSafetensors(Network& net, const std::string& path, const std::vector<std::string>& classes,
                       const std::map<std::string, std::string>& extra) {
    writeSafetensors(path, networkStateDict(asChain(net)), buildMetadata(net, classes, extra));
}

void exportKerasHdf5(Network& net, const std::string& path, const std::vector<std::string>& classes,
                     const std::map<std::string, std::string>& extra) {
    keras::File file = toKerasFile(asChain(net));
    file.featurelabMetadata = nlohmann::json(buildMetadata(net, classes, extra)).dump();
    keras::write(path, file);
}

ExportedModel loadExportedModel(const std::string& path) {
    const WeightsFormat format = detectWeightsFormat(path);
    ExportedModel out;
    if (format == WeightsFormat::Safetensors) {
        std::map<std::string, std::string> metadata;
        const auto tensors = readSafetensors(path, &metadata);
        out = rebuild(metadata, path);
        loadStateDict(asChain(*out.network), tensors, path);
    } else if (format == WeightsFormat::KerasHdf5) {
        const keras::File file = keras::read(path);
        std::map<std::string, std::string> metadata;
        try {
            if (!file.featurelabMetadata.empty())
                metadata = nlohmann::json::parse(file.featurelabMetadata)
                               .get<std::map<std::string, std::string>>();
        } catch (const nlohmann::json::exception&) {
            throw Error(ErrorCode::BadWeights, path + ": malformed featurelab_metadata attribute");
        }
        out = rebuild(metadata, path);
        loadKerasWeights(asChain(*out.network), file, path);
    } else {
        throw Error(ErrorCode::BadWeights,
                    path + ": a model export is a .safetensors or Keras .h5 file written by "
                           "Featurelab; this file is " + weightsFormatName(format) + ".");
    }
    auto& chain = asChain(*out.network);
    chain.randomInit = false;
    chain.weightsPath = path;
    chain.weightsFormat = std::string(weightsFormatName(format)) + " export";
    out.network->module().eval();
    return out;
}

}  // namespace featurelab
