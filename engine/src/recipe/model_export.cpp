// exportModel: a saved model rewritten in another format (featurelab/model_export.h).
#include "featurelab/model_export.h"

#include <algorithm>
#include <cctype>

#include "featurelab/error.h"
#include "recipe/api_boundary.h"
#include "recipe/model_file.h"

namespace featurelab {

ModelFormat modelFormatForFile(const std::string& file) {
    const auto dot = file.find_last_of('.');
    std::string ext = dot == std::string::npos ? std::string() : file.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == "h5" || ext == "hdf5") return ModelFormat::KerasHdf5;
    if (ext == "safetensors") return ModelFormat::Safetensors;
    throw Error(ErrorCode::InvalidArgument,
                "'" + file + "': export to a .safetensors or a Keras .h5 file name.");
}

void exportModel(const std::string& modelFile, const std::string& outFile, ModelFormat format,
                 const JobControl& job) {
    recipe::atApiBoundary([&] {
        job.throwIfCancelled();
        recipe::LoadedModel model = recipe::loadModel(modelFile);
        job.throwIfCancelled();
        if (format == ModelFormat::Safetensors) {
            recipe::saveModel(outFile, *model.net, model.probsHead, model.meta);
            return;
        }
        if (model.meta.architecture.rfind("torchscript", 0) == 0)
            throw Error(ErrorCode::InvalidArgument,
                        modelFile +
                            ": a 'torchscript' model has no Keras layer layout; export it as "
                            ".safetensors instead.");
        recipe::saveModelKeras(outFile, *model.net, model.probsHead, model.meta);
    });
}

}  // namespace featurelab
