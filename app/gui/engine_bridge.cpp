// Engine bridge: lanes, the scan job and the query queue.
#include "engine_bridge.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <utility>

#include "conversions.h"
#include "featurelab/error.h"
#include "featurelab/runtime.h"
#include "featurelab/scan.h"
#include "job_lane.h"
#include "throttled_observer.h"

EngineBridge::EngineBridge(QObject* parent) : QObject(parent) {
    qRegisterMetaType<DatasetSummary>();
    qRegisterMetaType<EpochPoint>();
    qRegisterMetaType<StageRow>();
    qRegisterMetaType<JobProgress>();
    qRegisterMetaType<BackboneInfo>();
    qRegisterMetaType<RecipeOutcome>();
    qRegisterMetaType<EngineHint>();
    jobs_ = new JobLane(QStringLiteral("featurelab-jobs"), this);
    queries_ = new JobLane(QStringLiteral("featurelab-queries"), this);
    connect(jobs_, &JobLane::started, this, &EngineBridge::jobStarted);
    connect(jobs_, &JobLane::finished, this, &EngineBridge::jobFinished);
    // A recipe job (finished or stopped) rewrites its run's model: ask again next time.
    connect(jobs_, &JobLane::finished, this, &EngineBridge::forgetModel);
    connect(jobs_, &JobLane::failed, this, &EngineBridge::forgetModel);
    connect(jobs_, &JobLane::failed, this, &EngineBridge::failed);
    // Query bodies report their own failures (describeFailed, classifyFailed); the lane only
    // says when the next one may start.
    connect(queries_, &JobLane::finished, this, &EngineBridge::runNextQuery);
    connect(queries_, &JobLane::failed, this, &EngineBridge::runNextQuery);
}

EngineBridge::~EngineBridge() { shutdown(); }

void EngineBridge::shutdown() {
    // Both lanes join here, before this object's signals and members go away.
    jobs_->shutdown();
    queries_->shutdown();
}

bool EngineBridge::isBusy() const { return jobs_->isBusy(); }
QString EngineBridge::currentJob() const { return jobs_->job(); }
void EngineBridge::cancel() { jobs_->cancel(); }

QString EngineBridge::runtimeText() {
    static const QString text = [] {
        try {
            return QString::fromStdString(featurelab::initRuntime(0).description);
        } catch (const featurelab::Error& e) {
            // A FEATURELAB_DEVICE that names no usable device: say so; jobs report it too.
            return QString::fromUtf8(e.what());
        }
    }();
    return text;
}

bool EngineBridge::scan(const QString& folder) {
    const std::string root = folder.toStdString();
    return jobs_->start(
        tr("Scanning %1").arg(folder), [this, root](const featurelab::CancelToken& cancel) {
            ThrottledObserver observer(this);
            const DatasetSummary summary =
                toSummary(featurelab::scanImageFolder(root, {}, {&cancel, &observer}));
            post([this, summary] { Q_EMIT scanFinished(summary); });
        });
}

bool EngineBridge::exportModel(const QString& modelFile, const QString& outFile,
                               featurelab::ModelFormat format) {
    const std::string model = modelFile.toStdString(), out = outFile.toStdString();
    return jobs_->start(tr("Exporting %1").arg(QFileInfo(outFile).fileName()),
                        [this, model, out, format, outFile](const featurelab::CancelToken& cancel) {
                            // A few seconds at most (VGG16: 0.5 GB): checked before and after
                            // reading.
                            featurelab::exportModel(model, out, format, {&cancel, nullptr});
                            post([this, outFile] { Q_EMIT modelExported(outFile); });
                        });
}

void EngineBridge::runNextQuery() {
    if (queries_->isBusy()) return;
    if (!pendingDescribe_.isEmpty()) {
        const QString spec = std::exchange(pendingDescribe_, QString());
        startDescribe(spec);
    } else if (!pendingClassifyPath_.isEmpty()) {
        const QString run = std::exchange(pendingClassifyRun_, QString());
        const QString path = std::exchange(pendingClassifyPath_, QString());
        startClassify(run, path);
    } else if (!pendingGradCamPath_.isEmpty()) {
        startGradCam(std::exchange(pendingGradCamRun_, QString()),
                     std::exchange(pendingGradCamPath_, QString()), pendingGradCamClass_,
                     std::exchange(pendingGradCamLayer_, QString()));
    }
}

void EngineBridge::describeBackbone(const QString& spec) {
    pendingDescribe_ = spec;
    runNextQuery();
}

void EngineBridge::classify(const QString& runDir, const QString& imagePath) {
    pendingClassifyRun_ = runDir;
    pendingClassifyPath_ = imagePath;
    runNextQuery();
}
