// Engine bridge: the LR finder's sweep on the job lane (progress, Stop), its curve as plain
// values for the LR finder dialog.
#include "engine_bridge.h"
#include "featurelab/lr_finder.h"
#include "job_lane.h"
#include "throttled_observer.h"

bool EngineBridge::findLearningRate(const featurelab::LrFindOptions& options) {
    qRegisterMetaType<LrCurve>();
    return jobs_->start(
        tr("Finding the learning rate of stage %1").arg(QString::fromStdString(options.stage)),
        [this, options](const featurelab::CancelToken& cancel) {
            ThrottledObserver observer(this);
            const featurelab::LrFindResult r =
                featurelab::findLearningRate(options, {&cancel, &observer});
            LrCurve c;
            c.stage = QString::fromStdString(r.stage);
            c.lrs = QVector<double>(r.lrs.begin(), r.lrs.end());
            c.losses = QVector<double>(r.losses.begin(), r.losses.end());
            c.smoothed = QVector<double>(r.smoothedLosses.begin(), r.smoothedLosses.end());
            c.suggested = r.suggestedLr;
            c.method = QString::fromStdString(r.method);
            c.diverged = r.diverged;
            post([this, c] { Q_EMIT lrFound(c); });
        });
}
