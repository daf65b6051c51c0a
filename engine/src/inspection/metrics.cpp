// Confusion matrix, per-class precision/recall/F1 and accuracy over a table of predictions.
#include <string>

#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "inspection/evaluation.h"

namespace featurelab {

namespace {

bool labelled(const PredictionRow& r) { return r.trueLabel >= 0; }

void checkLabel(int label, std::size_t numClasses, const PredictionRow& r, const char* what) {
    if (label < 0 || static_cast<std::size_t>(label) >= numClasses)
        throw Error(ErrorCode::InvalidArgument, "Prediction row '" + r.path + "' has " + what +
                                                    " label " + std::to_string(label) +
                                                    " outside 0.." +
                                                    std::to_string(numClasses - 1) + ".");
}

}  // namespace

int argmaxLabel(const std::vector<float>& probs) {
    int best = -1;
    for (std::size_t i = 0; i < probs.size(); ++i)
        if (best < 0 || probs[i] > probs[static_cast<std::size_t>(best)])
            best = static_cast<int>(i);
    return best;
}

ConfusionMatrix confusionMatrix(const std::vector<PredictionRow>& rows,
                                const std::vector<std::string>& classes) {
    ConfusionMatrix cm;
    cm.classes = classes;
    const std::size_t n = classes.size();
    cm.counts.assign(n, std::vector<std::int64_t>(n, 0));
    for (const auto& r : rows) {
        if (!labelled(r)) continue;  // test/ rows have no truth to compare with
        checkLabel(r.trueLabel, n, r, "true");
        checkLabel(r.predicted, n, r, "predicted");
        ++cm.counts[static_cast<std::size_t>(r.trueLabel)][static_cast<std::size_t>(r.predicted)];
    }
    return cm;
}

std::vector<ClassReport> classReports(const ConfusionMatrix& cm) {
    const std::size_t n = cm.classes.size();
    std::vector<ClassReport> out(n);
    for (std::size_t c = 0; c < n; ++c) {
        std::int64_t rowSum = 0, colSum = 0;
        for (std::size_t j = 0; j < n; ++j) {
            rowSum += cm.counts[c][j];
            colSum += cm.counts[j][c];
        }
        const double tp = static_cast<double>(cm.counts[c][c]);
        ClassReport& r = out[c];
        r.name = cm.classes[c];
        r.support = rowSum;
        // An undefined ratio (nothing predicted / nothing present) reports 0, as scikit-learn does.
        r.precision = colSum ? tp / static_cast<double>(colSum) : 0.0;
        r.recall = rowSum ? tp / static_cast<double>(rowSum) : 0.0;
        r.f1 = (r.precision + r.recall) > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall)
                                            : 0.0;
    }
    return out;
}

double accuracy(const std::vector<PredictionRow>& rows) {
    std::size_t total = 0, correct = 0;
    for (const auto& r : rows) {
        if (!labelled(r)) continue;
        ++total;
        if (r.predicted == r.trueLabel) ++correct;
    }
    return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0;
}

std::vector<std::size_t> cellMembers(const std::vector<PredictionRow>& rows, int t, int p) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].trueLabel == t && rows[i].predicted == p) out.push_back(i);
    return out;
}

}  // namespace featurelab
