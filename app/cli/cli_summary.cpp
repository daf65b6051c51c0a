// featurelab-cli summary: a backbone's layer registry as a Keras model.summary()-like table.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"

namespace featurelab::cli {

namespace {

struct SummaryArgs {
    std::string backbone;
    bool json = false;
};

int run(const SummaryArgs& args) {
    const Backbone backbone = Backbone::open(args.backbone);
    const BackboneDescription& d = backbone.description();
    if (!args.json) {
        std::cout << backbone.summary();
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
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";  // names need not be UTF-8
    return 0;
}

}  // namespace

Command addSummary(CLI::App& root) {
    auto args = std::make_shared<SummaryArgs>();
    CLI::App* app =
        addCommand(root, "summary", "A backbone's layers, output shapes and parameter counts",
                   "summary --backbone mobilenet_v1_0.25:mobilenet_2_5_128_tf.h5");
    app->add_option("--backbone", args->backbone, "ARCH[@SIZE][:WEIGHTS_FILE]")
        ->required()
        ->type_name("SPEC");
    app->add_flag("--json", args->json, "Print JSON instead of a table");
    return {app, [args] { return run(*args); }};
}

}  // namespace featurelab::cli
