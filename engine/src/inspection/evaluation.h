// Evaluation on a table of predicted probabilities: confusion matrix, per-class
// precision/recall/F1, the lesson's five views, confusion.csv and views.json. Pure C++ (no
// torch); the recipe, openRun and the tests use it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "featurelab/inspection.h"

namespace featurelab {

ConfusionMatrix confusionMatrix(const std::vector<PredictionRow>& rows,
                                const std::vector<std::string>& classes);
std::vector<ClassReport> classReports(const ConfusionMatrix& cm);
double accuracy(const std::vector<PredictionRow>& rows);
/// Index of the largest probability (the first one on ties); -1 for an empty vector.
int argmaxLabel(const std::vector<float>& probs);

/// k items per view (per class for the per-class views); random picks are seeded.
InspectionViews inspectionViews(const std::vector<PredictionRow>& rows, int numClasses,
                                std::size_t k, std::uint64_t seed);

/// Rows whose true label is t and prediction p (a confusion-matrix cell).
std::vector<std::size_t> cellMembers(const std::vector<PredictionRow>& rows, int t, int p);

/// confusion.csv: a header row "true\\predicted,<classes>", then one row per true class.
void writeConfusionCsv(const std::string& file, const ConfusionMatrix& cm);

///  views.json: {"classes": [...], "random_correct": [item...], "random_incorrect": [...],
///  "most_confident_correct": {class: [...]}, "most_confident_wrong": {class: [...]},
///  "most_uncertain": [...]}, each item {"index","path","true","predicted","probs"} (index: the
///  row in rows; names that are not UTF-8 are written with U+FFFD replacement characters).
std::string viewsJson(const std::vector<PredictionRow>& rows,
                      const std::vector<std::string>& classes, const InspectionViews& views);
void writeViewsJson(const std::string& file, const std::vector<PredictionRow>& rows,
                    const std::vector<std::string>& classes, const InspectionViews& views);

}  // namespace featurelab
