// views.json: the five inspection views with each item's path, labels and probabilities.
#include <nlohmann/json.hpp>

#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "util/atomic_file.h"
#include "util/utf8.h"
#include "inspection/evaluation.h"

namespace featurelab {

namespace {

/// An item names its row in valid_predictions.csv too: a path that is not UTF-8 is stored
/// with replacement characters, and the index still finds its row.
nlohmann::ordered_json item(std::size_t index, const PredictionRow& r,
                            const std::vector<std::string>& classes) {
    auto name = [&](int l) {
        return l >= 0 && static_cast<std::size_t>(l) < classes.size()
                   ? util::validUtf8(classes[static_cast<std::size_t>(l)])
                   : std::string();
    };
    nlohmann::ordered_json j;
    j["index"] = index;
    j["path"] = util::validUtf8(r.path);
    j["true"] = name(r.trueLabel);
    j["predicted"] = name(r.predicted);
    j["probs"] = r.probs;
    return j;
}

nlohmann::ordered_json list(const std::vector<std::size_t>& idx,
                            const std::vector<PredictionRow>& rows,
                            const std::vector<std::string>& classes) {
    auto a = nlohmann::ordered_json::array();
    for (std::size_t i : idx) a.push_back(item(i, rows.at(i), classes));
    return a;
}

nlohmann::ordered_json perClass(const std::vector<std::vector<std::size_t>>& idx,
                                const std::vector<PredictionRow>& rows,
                                const std::vector<std::string>& classes) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < idx.size() && c < classes.size(); ++c)
        j[util::validUtf8(classes[c])] = list(idx[c], rows, classes);
    return j;
}

}  // namespace

std::string viewsJson(const std::vector<PredictionRow>& rows,
                      const std::vector<std::string>& classes, const InspectionViews& v) {
    nlohmann::ordered_json j;
    auto names = nlohmann::ordered_json::array();
    for (const auto& c : classes) names.push_back(util::validUtf8(c));
    j["classes"] = names;
    j["random_correct"] = list(v.randomCorrect, rows, classes);
    j["random_incorrect"] = list(v.randomIncorrect, rows, classes);
    j["most_confident_correct"] = perClass(v.mostConfidentCorrect, rows, classes);
    j["most_confident_wrong"] = perClass(v.mostConfidentWrong, rows, classes);
    j["most_uncertain"] = list(v.mostUncertain, rows, classes);
    return j.dump(2);
}

void writeViewsJson(const std::string& file, const std::vector<PredictionRow>& rows,
                    const std::vector<std::string>& classes, const InspectionViews& views) {
    util::writeTextAtomically(file, viewsJson(rows, classes, views) + '\n');
}

}  // namespace featurelab
