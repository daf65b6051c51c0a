// The inspection results front ends show (predictions, confusion matrix, per-class report, the
// lesson's five views) and the CSV files they write from them. How they are computed lives in
// engine/src/inspection/evaluation.h.
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

/// CSV writers. Each writes atomically (an existing file stays intact on failure) and throws
/// Error(Io) when the file cannot be written.
///  predictions: path,predicted,<one probability column per class>
///               with a "true" column after path when withTrue.
void writePredictionsCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                         const std::vector<std::string>& classes, bool withTrue);
///  Kaggle submission: "id,label" with the probability of class 1 for two classes, or
///  "id,<classes>" otherwise; id is the file name without extension; probabilities clipped to
///  [clip, 1-clip] when clip > 0.
void writeSubmissionCsv(const std::string& file, const std::vector<PredictionRow>& rows,
                        const std::vector<std::string>& classes, double clip);

}  // namespace featurelab
