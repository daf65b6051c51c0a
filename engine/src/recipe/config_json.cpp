// recipeConfigJson: a run's configuration as JSON, stages with metrics.json's settings keys.
#include "featurelab/recipe_config.h"
#include "recipe/api_boundary.h"
#include "recipe/run_files.h"
#include "util/utf8.h"

namespace featurelab {

std::string recipeConfigJson(const RecipeConfig& c) {
    return recipe::atApiBoundary([&] {
        nlohmann::ordered_json j;
        j["data_dir"] = util::validUtf8(c.dataDir);
        j["backbone"] = util::validUtf8(c.backbone);
        j["out_dir"] = util::validUtf8(c.outDir);
        j["cache_dir"] = util::validUtf8(c.cacheDir);
        j["seed"] = c.seed;
        j["workers"] = c.workers;
        j["threads"] = c.threads;
        j["resume"] = c.resume;
        j["class_weights"] = c.classWeights;
        j["submission_clip"] = c.submissionClip;
        j["view_size"] = c.viewSize;
        j["valid_fraction"] = c.validFraction;
        j["stages"] = nlohmann::ordered_json::array();
        for (const StageConfig& s : c.stages) {
            nlohmann::ordered_json st;
            st["name"] = util::validUtf8(s.name);
            st.update(recipe::stageSettingsJson(s));
            j["stages"].push_back(st);
        }
        return j.dump(2) + "\n";
    });
}

}  // namespace featurelab
