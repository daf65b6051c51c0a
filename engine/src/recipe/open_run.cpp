// openRun: a finished RUN_DIR read back into a RecipeResult (featurelab/recipe.h).
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "featurelab/run_folder.h"
#include "recipe/api_boundary.h"
#include "recipe/run_files.h"
#include "util/utf8.h"
#include "inspection/evaluation.h"

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

/// metrics.json stores names made valid UTF-8; the CSV keeps the bytes. Compare them the same way.
int labelOf(const std::vector<std::string>& classes, const std::string& name) {
    const std::string asStored = util::validUtf8(name);
    for (std::size_t i = 0; i < classes.size(); ++i)
        if (util::validUtf8(classes[i]) == asStored) return static_cast<int>(i);
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
    const std::string notThisRun =
        "not the predictions of this run (expected path,true,predicted and one column per "
        "class of metrics.json)";
    if (records.empty() || records[0].size() != columns || records[0][0] != "path")
        throw bad(notThisRun);
    for (std::size_t c = 0; c < classes.size(); ++c)
        if (labelOf(classes, records[0][3 + c]) != static_cast<int>(c)) throw bad(notThisRun);
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
            float p = 0;
            try {
                p = std::stof(rec[3 + c]);
            } catch (const std::logic_error&) {
                throw bad("line " + std::to_string(r + 1) +
                          " has a probability that is not a number");
            }
            if (!(p >= 0.f && p <= 1.f))
                throw bad("line " + std::to_string(r + 1) + " has a probability outside [0, 1]");
            row.probs.push_back(p);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

/// views.json items back to row indices: by the item's index when it names the same path,
/// else by path (files written before items had an index).
InspectionViews readViews(const fs::path& file, const std::vector<PredictionRow>& rows,
                          const std::vector<std::string>& classes) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rows.size(); ++i) index.emplace(util::validUtf8(rows[i].path), i);
    InspectionViews v;
    try {
        const auto j = nlohmann::json::parse(
            readAll(file), [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                if (depth > 16) throw std::length_error("nested deeper than a views.json");
                return true;
            });
        auto list = [&](const nlohmann::json& items) {
            std::vector<std::size_t> out;
            for (const auto& item : items) {
                const std::string path = item.at("path").get<std::string>();
                if (item.contains("index") && item.at("index").is_number_unsigned()) {
                    const auto i = item.at("index").get<std::uint64_t>();
                    if (i < rows.size() && util::validUtf8(rows[i].path) == path) {
                        out.push_back(static_cast<std::size_t>(i));
                        continue;
                    }
                }
                const auto it = index.find(path);
                if (it != index.end()) out.push_back(it->second);
            }
            return out;
        };
        auto perClass = [&](const nlohmann::json& byClass) {
            std::vector<std::vector<std::size_t>> out(classes.size());
            for (std::size_t c = 0; c < classes.size(); ++c) {
                const std::string name = util::validUtf8(classes[c]);
                if (byClass.contains(name)) out[c] = list(byClass.at(name));
            }
            return out;
        };
        v.randomCorrect = list(j.at("random_correct"));
        v.randomIncorrect = list(j.at("random_incorrect"));
        v.mostConfidentCorrect = perClass(j.at("most_confident_correct"));
        v.mostConfidentWrong = perClass(j.at("most_confident_wrong"));
        v.mostUncertain = list(j.at("most_uncertain"));
    } catch (const std::exception& e) {
        throw Error(ErrorCode::InvalidArgument,
                    file.string() + " is not a views.json written by a run: " + e.what());
    }
    return v;
}

RecipeResult open(const std::string& runDir, const JobControl& job) {
    job.throwIfCancelled();
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
                        "' has no finished result yet (no best stage or valid_predictions.csv). "
                        "Resume it to finish its stages.",
                    {HintAction::ResumeRun, runDir});
    job.throwIfCancelled();
    r.valid = readPredictions(predictions, r.classes);
    r.confusion = confusionMatrix(r.valid, r.classes);
    r.reports = classReports(r.confusion);
    if (fs::exists(dir / "views.json", ec))
        r.views = readViews(dir / "views.json", r.valid, r.classes);
    return r;
}

}  // namespace

RecipeResult openRun(const std::string& runDir, const JobControl& job) {
    return recipe::atApiBoundary([&] { return open(runDir, job); });
}

}  // namespace featurelab
