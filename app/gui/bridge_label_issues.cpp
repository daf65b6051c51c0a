// Engine bridge: the label-error finder's job, and its report as the gallery tab's plain values.

#include "engine_bridge.h"
#include "job_lane.h"
#include "throttled_observer.h"

namespace {

/// The flagged rows, most likely mislabeled first, as gallery items (predicted = suggested).
LabelIssueList toIssueList(const featurelab::LabelIssuesReport& r) {
    LabelIssueList out;
    out.split = QString::fromStdString(r.split);
    for (const std::string& c : r.classes) out.classes << QString::fromStdString(c);
    for (const featurelab::LabelIssueRow& row : r.rows) {
        if (!row.likelyMislabeled) continue;
        PredictionItem item;
        item.path = QString::fromStdString(row.path);
        item.displayPath = QString::fromStdString(row.relativePath);
        item.trueLabel = row.given;
        item.predicted = row.suggested;
        item.probs = QVector<float>(row.probs.begin(), row.probs.end());
        out.items << item;
    }
    out.images = int(r.rows.size());
    out.perClass = QVector<qint64>(r.perClass.begin(), r.perClass.end());
    out.noiseRate = QVector<double>(r.noiseRate.begin(), r.noiseRate.end());
    out.outOfFoldAccuracy = r.outOfFoldAccuracy;
    return out;
}

}  // namespace

bool EngineBridge::findLabelIssues(const featurelab::LabelIssuesOptions& options) {
    qRegisterMetaType<LabelIssueList>();
    return jobs_->start(
        tr("Finding likely mislabeled images in %1/").arg(QString::fromStdString(options.split)),
        [this, options](const featurelab::CancelToken& cancel) {
            ThrottledObserver observer(this);
            const LabelIssueList issues =
                toIssueList(featurelab::findLabelIssues(options, {&cancel, &observer}));
            post([this, issues] { Q_EMIT labelIssuesFound(issues); });
        });
}
