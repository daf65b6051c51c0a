// openRun: a finished RUN_DIR read back into a RecipeResult (featurelab/recipe.h).
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "recipe/api_boundary.h"
#include "recipe/run_files.h"

namespace featurelab {

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks), as the
/// inspection CSV writers produce them.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) row.push_back(std::move(field));
            if (!row.empty()) rows.push_back(std::move(row));
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) row.push_back(std::move(field));
    if (!row.empty()) rows.push_back(std::move(row));
    return rows;
}

int labelOf(const std::vector<std::string>& classes, const std::string& name) {
    for (std::size_t i = 0; i < classes.size(); ++i)
        if (classes[i] == name) return static_cast<int>(i);
    return -1;
}

/// valid_predictions.csv: path,true,predicted,<one probability per class>.
std::vector<PredictionRow> readPredictions(const fs::path& file,
                                           const std::vector<std::string>& classes) {
    const auto records = parseCsv(readAll(file));
    const std::size_t columns = 3 + classes.size();
    auto bad = [&](const std::string& why) {
        return Error(ErrorCode::InvalidArgument, file.string() + ": " + why);
    };
    if (records.empty() || records[0].size() != columns || records[0][0] != "path")
        throw bad(
            "not the predictions of this run (expected path,true,predicted and one column "
            "per class of metrics.json)");
    std::vector<PredictionRow> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        if (rec.size() != columns) throw bad("line " + std::to_string(r + 1) + " is cut short");
        PredictionRow row;
        row.path = rec[0];
        row.trueLabel = labelOf(classes, rec[1]);
        row.predicted = labelOf(classes, rec[2]);
        if (row.trueLabel < 0 || row.predicted < 0)
            throw bad("line " + std::to_string(r + 1) + " names a class metrics.json does not");
        for (std::size_t c = 0; c < classes.size(); ++c) {
            try {
                row.probs.push_back(std::stof(rec[3 + c]));
            } catch (const std::logic_error&) {
                throw bad("line " + std::to_string(r + 1) +
                          " has a probability that is not a "
                          "number");
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

/// views.json items back to row indices, by path.
InspectionViews readViews(const fs::path& file, const std::vector<PredictionRow>& rows,
                          const std::vector<std::string>& classes) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rows.size(); ++i) index.emplace(rows[i].path, i);
    InspectionViews v;
    try {
        const auto j = nlohmann::json::parse(readAll(file));
        auto list = [&](const nlohmann::json& items) {
            std::vector<std::size_t> out;
            for (const auto& item : items) {
                const auto it = index.find(item.at("path").get<std::string>());
                if (it != index.end()) out.push_back(it->second);
            }
            return out;
        };
        auto perClass = [&](const nlohmann::json& byClass) {
            std::vector<std::vector<std::size_t>> out(classes.size());
            for (std::size_t c = 0; c < classes.size(); ++c)
                if (byClass.contains(classes[c])) out[c] = list(byClass.at(classes[c]));
            return out;
        };
        v.randomCorrect = list(j.at("random_correct"));
        v.randomIncorrect = list(j.at("random_incorrect"));
        v.mostConfidentCorrect = perClass(j.at("most_confident_correct"));
        v.mostConfidentWrong = perClass(j.at("most_confident_wrong"));
        v.mostUncertain = list(j.at("most_uncertain"));
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::InvalidArgument,
                    file.string() + " is not a views.json written by a run: " + e.what());
    }
    return v;
}

RecipeResult open(const std::string& runDir) {
    const fs::path dir(runDir);
    const fs::path metrics = dir / "metrics.json";
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error(ErrorCode::NotFound, "Run folder '" + runDir + "' not found.");
    RecipeResult r;
    if (!recipe::readMetrics(metrics.string(), r))
        throw Error(ErrorCode::NotFound,
                    "'" + runDir + "' is not a run folder: it has no metrics.json.");
    const fs::path predictions = dir / "valid_predictions.csv";
    if (r.bestStage < 0 || !fs::exists(predictions, ec))
        throw Error(ErrorCode::InvalidArgument,
                    "The run in '" + runDir +
                        "' did not finish (no best stage or valid_predictions.csv yet). Finish "
                        "it with featurelab-cli recipe --resume --out " +
                        runDir + ".");
    r.valid = readPredictions(predictions, r.classes);
    r.confusion = confusionMatrix(r.valid, r.classes);
    r.reports = classReports(r.confusion);
    if (fs::exists(dir / "views.json", ec))
        r.views = readViews(dir / "views.json", r.valid, r.classes);
    return r;
}

}  // namespace

RecipeResult openRun(const std::string& runDir) {
    return recipe::atApiBoundary([&] { return open(runDir); });
}

}  // namespace featurelab
