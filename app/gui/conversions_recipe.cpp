// Engine -> Qt value conversions for recipe results.
#include <QDir>
#include <QFileInfo>

#include "conversions.h"
#include "featurelab/recipe.h"

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QVector<int> toIndices(const std::vector<std::size_t>& v) {
    QVector<int> out;
    out.reserve(int(v.size()));
    for (std::size_t i : v) out << int(i);
    return out;
}

// Per-class lists interleaved (class 0's best, class 1's best, ...) so every class shows up
// at the top of the tab.
QVector<int> interleave(const std::vector<std::vector<std::size_t>>& perClass) {
    QVector<int> out;
    std::size_t longest = 0;
    for (const auto& v : perClass) longest = std::max(longest, v.size());
    for (std::size_t k = 0; k < longest; ++k)
        for (const auto& v : perClass)
            if (k < v.size()) out << int(v[k]);
    return out;
}
}  // namespace

EpochPoint toEpochPoint(const featurelab::EpochMetrics& m) {
    return {q(m.stage), m.epoch, m.epochs, m.trainLoss, m.trainAcc, m.validLoss, m.validAcc};
}

StageRow toStageRow(const featurelab::StageResult& r) {
    return {q(r.stage),  qint64(r.trainableParams),
            r.epochs,    r.seconds,
            r.trainAcc,  r.validAcc,
            r.validLoss, q(r.note)};
}

RecipeOutcome toOutcome(const featurelab::RecipeResult& r, const QString& dataDir,
                        const QString& runDir) {
    RecipeOutcome o;
    o.runDir = runDir;
    o.dataDir = dataDir;
    o.backbone = q(r.backbone);
    o.runtime = q(r.runtime);
    for (const auto& c : r.classes) o.classes << q(c);
    for (const auto& s : r.stages) {
        o.stages << toStageRow(s);
        for (const auto& e : s.curve) o.curve << toEpochPoint(e);
    }
    o.bestStage = r.bestStage;
    for (const auto& s : r.plannedStages) o.plannedStages << q(s);
    o.stoppedDuring = q(r.stoppedDuring);
    const QDir root(dataDir);
    o.valid.reserve(int(r.valid.size()));
    for (const auto& row : r.valid) {
        PredictionItem item;
        item.displayPath = q(row.path);
        item.path = QFileInfo(item.displayPath).isAbsolute() ? item.displayPath
                                                             : root.filePath(item.displayPath);
        item.trueLabel = row.trueLabel;
        item.predicted = row.predicted;
        item.probs = QVector<float>(row.probs.begin(), row.probs.end());
        o.valid << item;
    }
    for (const auto& rowCounts : r.confusion.counts)
        o.confusion << QVector<qint64>(rowCounts.begin(), rowCounts.end());
    o.views.randomCorrect = toIndices(r.views.randomCorrect);
    o.views.randomIncorrect = toIndices(r.views.randomIncorrect);
    o.views.confidentCorrect = interleave(r.views.mostConfidentCorrect);
    o.views.confidentWrong = interleave(r.views.mostConfidentWrong);
    o.views.uncertain = toIndices(r.views.mostUncertain);
    return o;
}
