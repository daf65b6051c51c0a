// featurelab-cli export: a saved model rewritten as safetensors or Keras-layout HDF5.
#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/model_export.h"

namespace featurelab::cli {

int runExport(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {});
    args.rejectUnknown({"model", "out", "format"});
    const std::string model = args.require("model");
    const std::string out = args.require("out");
    ModelFormat format;
    const std::string name = args.get("format");
    if (name.empty())
        format = modelFormatForFile(out);
    else if (name == "keras" || name == "h5")
        format = ModelFormat::KerasHdf5;
    else if (name == "safetensors")
        format = ModelFormat::Safetensors;
    else
        throw Error(ErrorCode::InvalidArgument,
                    "--format is 'keras' or 'safetensors', not '" + name + "'.");
    exportModel(model, out, format);
    std::printf("%s -> %s (%s)\n", model.c_str(), out.c_str(),
                format == ModelFormat::KerasHdf5 ? "Keras HDF5" : "safetensors");
    return 0;
}

}  // namespace featurelab::cli
