// featurelab-cli export: a saved model rewritten as safetensors or Keras-layout HDF5.
#include <cstdio>
#include <memory>

#include "cli_interrupt.h"
#include "commands.h"
#include "featurelab/error.h"
#include "featurelab/model_export.h"

namespace featurelab::cli {

namespace {

struct ExportArgs {
    std::string model, out, format;
};

int run(const ExportArgs& args) {
    const std::string& model = args.model;
    const std::string& out = args.out;
    ModelFormat format;
    const std::string& name = args.format;
    if (name.empty())
        format = modelFormatForFile(out);
    else if (name == "keras" || name == "h5")
        format = ModelFormat::KerasHdf5;
    else if (name == "safetensors")
        format = ModelFormat::Safetensors;
    else
        throw Error(ErrorCode::InvalidArgument,
                    "--format is 'keras' or 'safetensors', not '" + name + "'.");
    exportModel(model, out, format, JobControl{&cancelOnInterrupt(), nullptr});
    std::printf("%s -> %s (%s)\n", model.c_str(), out.c_str(),
                format == ModelFormat::KerasHdf5 ? "Keras HDF5" : "safetensors");
    return 0;
}

}  // namespace

Command addExport(CLI::App& root) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App* app = addCommand(root, "export", "A saved model as safetensors or Keras HDF5",
                               "export --model /tmp/run1 --out /tmp/run1/model.h5");
    app->add_option("--model", args->model, "RUN_DIR, or a model .safetensors / .h5 file")
        ->required()
        ->type_name("MODEL");
    app->add_option("--out", args->out, "FILE.h5 or FILE.safetensors")
        ->required()
        ->type_name("FILE");
    app->add_option("--format", args->format, "keras or safetensors; default: from --out's suffix")
        ->type_name("FORMAT");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
