// Evaluation and inspection on a table of predicted probabilities: confusion matrix,
// per-class precision/recall/F1, the lesson's five views, and the CSV formats.
// Pure C++ (no torch), so the GUI, the CLI and tests can all use it on plain tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace featurelab {

struct PredictionRow {
    std::string path;          // as shown to the user (relative to the data root when known)
    int trueLabel = -1;        // -1 when unlabelled
    int predicted = -1;        // argmax of probs
    std::vector<float> probs;  // one per class, sums to 1
};

struct ConfusionMatrix {
    std::vector<std::string> classes;
    std::vector<std::vector<std::int64_t>> counts;  // counts[true][predicted]
};

struct ClassReport {
    std::string name;
    double precision = 0, recall = 0, f1 = 0;
    std::int64_t support = 0;
};

/// The lesson's views generalised to N classes. Each entry indexes into the prediction rows.
struct InspectionViews {
    std::vector<std::size_t> randomCorrect;
    std::vector<std::size_t> randomIncorrect;
    std::vector<std::vector<std::size_t>> mostConfidentCorrect;  // per class (by true label)
    std::vector<std::vector<std::size_t>> mostConfidentWrong;    // per class (by predicted label)
    std::vector<std::size_t> mostUncertain;  // smallest margin between the top two probabilities
};

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

/// CSV writers. Each writes atomically (an existing file stays intact on failure) and throws
/// Error(Io) when the file cannot be written.
///  predictions: path,predicted,<one probability column per class>
///               with a "true" column after path when withTrue.
void writePredictionsCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                         const std::vector<std::string>& classes, bool withTrue);
///  confusion: a header row "true\\predicted,<classes>", then one row per true class.
void writeConfusionCsv(const std::string& file, const ConfusionMatrix& cm);
///  Kaggle submission: "id,label" with the probability of class 1 for two classes, or
///  "id,<classes>" otherwise; id is the file name without extension; probabilities clipped to
///  [clip, 1-clip] when clip > 0.
void writeSubmissionCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                        const std::vector<std::string>& classes, double clip);

///  views.json: {"classes": [...], "random_correct": [item...], "random_incorrect": [...],
///  "most_confident_correct": {class: [...]}, "most_confident_wrong": {class: [...]},
///  "most_uncertain": [...]}, each item {"index","path","true","predicted","probs"} (index: the
///  row in rows; names that are not UTF-8 are written with U+FFFD replacement characters).
std::string viewsJson(const std::vector<PredictionRow>& rows,
                      const std::vector<std::string>& classes, const InspectionViews& views);
void writeViewsJson(const std::string& file, const std::vector<PredictionRow>& rows,
                    const std::vector<std::string>& classes, const InspectionViews& views);

}  // namespace featurelab
