// featurelab-cli summary: a backbone's layer registry as a Keras model.summary()-like table.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "commands.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"

namespace featurelab::cli {

int runSummary(int argc, char** argv) {
    CliArgs args(argc, argv, 0, {"json"});
    args.rejectUnknown({"backbone", "json"});
    if (!args.positionals().empty())
        throw Error(ErrorCode::InvalidArgument, "summary takes no positional arguments.");
    const BackboneDescription d = describeBackbone(args.require("backbone"));
    if (!args.has("json")) {
        std::cout << formatSummary(d);
        return 0;
    }
    nlohmann::ordered_json j;
    j["architecture"] = d.architecture;
    j["weights"] =
        d.randomInit ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.weightsPath);
    j["weights_format"] = d.weightsFormat;
    j["input_size"] = {d.preprocessing.width, d.preprocessing.height};
    j["total_params"] = d.totalParams;
    j["trainable_params"] = d.trainableParams;
    j["outputs"] = d.numOutputs;
    j["layers"] = nlohmann::json::array();
    for (const auto& l : d.layers)
        j["layers"].push_back({{"name", l.name},
                               {"kind", layerKindName(l.kind)},
                               {"output_shape", l.outputShape},
                               {"params", l.params},
                               {"trainable", l.trainable}});
    for (const auto& [name, shape] : d.featurePoints) j["feature_points"][name] = shape;
    std::cout << j.dump(2) << "\n";
    return 0;
}

}  // namespace featurelab::cli
