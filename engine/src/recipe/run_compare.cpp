// Runs side by side: a run's record from metrics.json alone, and its settings next to others'.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "featurelab/run_history.h"
#include "recipe/api_boundary.h"
#include "recipe/run_files.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

/// As run_history.cpp's listing: a real metrics.json is tens of KB.
constexpr std::uintmax_t kMaxMetricsBytes = 16u << 20;

/// Long layer lists read as their ends and a count: "conv_dw_12 … conv_preds (9 layers)".
std::string layerList(const std::vector<std::string>& layers) {
    if (layers.size() <= 3) {
        std::string out;
        for (const auto& l : layers) out += (out.empty() ? "" : ", ") + l;
        return out;
    }
    return layers.front() + " \u2026 " + layers.back() + " (" + std::to_string(layers.size()) +
           " layers)";
}

std::string valueText(const nlohmann::ordered_json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array() &&
        std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); }))
        return layerList(v.get<std::vector<std::string>>());
    return v.dump();
}

std::string validSplitText(const ValidSplit& v) {
    if (!v.heldOut) return "valid/ (" + std::to_string(v.images) + " images)";
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, "%.4g", v.fraction * 100);
    return std::string(fraction) + "% of train/, seed " + std::to_string(v.seed) + " (" +
           std::to_string(v.images) + " images)";
}

std::string joined(const std::vector<std::string>& v, const char* separator) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : separator) + s;
    return out;
}

}  // namespace

RecipeResult readRunRecord(const std::string& runDir) {
    return recipe::atApiBoundary([&] {
        const fs::path metrics = fs::path(runDir) / "metrics.json";
        std::error_code ec;
        if (!fs::is_regular_file(metrics, ec))
            throw Error(ErrorCode::NotFound,
                        "'" + runDir + "' is not a run folder: it has no metrics.json.");
        const std::uintmax_t bytes = fs::file_size(metrics, ec);
        if (!ec && bytes > kMaxMetricsBytes)
            throw Error(ErrorCode::InvalidArgument, metrics.string() + " is " +
                                                        std::to_string(bytes >> 20) +
                                                        " MB, larger than any run's.");
        RecipeResult r;
        if (!recipe::readMetrics(metrics.string(), r))
            throw Error(ErrorCode::NotFound, "Cannot open " + metrics.string() + ".");
        return r;
    });
}

std::vector<SettingComparison> compareRunSettings(const std::vector<RecipeResult>& runs) {
    std::vector<SettingComparison> rows;
    auto add = [&](const std::string& stage, const std::string& name,
                   std::vector<std::string> values) {
        SettingComparison row{stage, name, std::move(values), false};
        for (const auto& v : row.values) row.differs |= v != row.values.front();
        rows.push_back(std::move(row));
    };
    auto each = [&](auto text) {
        std::vector<std::string> values;
        for (const RecipeResult& r : runs) values.push_back(text(r));
        return values;
    };
    add("", "data", each([](const RecipeResult& r) { return r.dataDir; }));
    add("", "backbone", each([](const RecipeResult& r) { return r.backbone; }));
    add("", "weights_sha256",
        each([](const RecipeResult& r) { return r.weightsSha256.substr(0, 16); }));
    add("", "seed", each([](const RecipeResult& r) { return std::to_string(r.seed); }));
    add("", "planned_stages",
        each([](const RecipeResult& r) { return joined(r.plannedStages, ","); }));
    add("", "valid_split",
        each([](const RecipeResult& r) { return validSplitText(r.validSplit); }));

    // The stages any run trained, in the order the runs ran them (the ladder's, unless a run
    // was given another): a stage first met in a later run comes after those met before it.
    std::vector<std::string> stages;
    for (const RecipeResult& r : runs)
        for (const StageResult& s : r.stages)
            if (std::find(stages.begin(), stages.end(), s.stage) == stages.end())
                stages.push_back(s.stage);
    for (const std::string& stage : stages) {
        // Per run: its settings as metrics.json stores them (the keys in their written order).
        std::vector<nlohmann::ordered_json> settings;
        std::vector<std::string> keys;
        std::vector<std::string> trained;
        for (const RecipeResult& r : runs) {
            const auto it = std::find_if(r.stages.begin(), r.stages.end(),
                                         [&](const StageResult& s) { return s.stage == stage; });
            settings.push_back(it == r.stages.end() ? nlohmann::ordered_json()
                                                    : recipe::stageSettingsJson(it->settings));
            trained.push_back(it == r.stages.end() ? "" : layerList(it->layersTrained));
            for (const auto& item : settings.back().items())
                if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
                    keys.push_back(item.key());
        }
        for (const std::string& key : keys) {
            std::vector<std::string> values;
            for (const auto& s : settings)
                values.push_back(s.is_object() && s.contains(key) ? valueText(s.at(key)) : "");
            add(stage, key, values);
        }
        add(stage, "layers_trained", trained);
    }
    return rows;
}

}  // namespace featurelab
