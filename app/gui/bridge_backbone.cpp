// Engine bridge queries: describing a backbone, and the ImageNet top-5 of one image from the
// open run's TrainedModel (kept between queries).
#include "conversions.h"
#include "conversions_stages.h"
#include "engine_bridge.h"
#include "featurelab/backbone.h"
#include "job_lane.h"

#include <exception>

void EngineBridge::startDescribe(const QString& spec) {
    const std::string s = spec.toStdString();
    queries_->start(tr("Describing %1").arg(spec), [this, s, spec](const featurelab::CancelToken&) {
        try {
            const featurelab::Backbone backbone = featurelab::Backbone::open(s);
            BackboneInfo info = toBackboneInfo(backbone.description());
            info.presets = stagePresets(backbone);
            post([this, info] { Q_EMIT backboneDescribed(info); });
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            post([this, spec, msg] { Q_EMIT describeFailed(spec, msg); });
        }
    });
}

featurelab::TrainedModel EngineBridge::modelFor(const std::string& runDir) {
    std::lock_guard<std::mutex> lock(modelMutex_);
    if (!model_ || modelRun_ != runDir) {
        model_.reset();
        model_ = featurelab::TrainedModel::open(runDir);
        modelRun_ = runDir;
    }
    return *model_;
}

void EngineBridge::forgetModel() {
    std::lock_guard<std::mutex> lock(modelMutex_);
    model_.reset();
    modelRun_.clear();
}

void EngineBridge::startClassify(const QString& runDir, const QString& path) {
    const std::string run = runDir.toStdString(), p = path.toStdString();
    queries_->start(tr("ImageNet top-5"), [this, run, p, path](const featurelab::CancelToken&) {
        QString msg;
        try {
            const TopClasses top = toTopClasses(modelFor(run).imagenetTop(p, 5));
            post([this, path, top] { Q_EMIT classified(path, top); });
            return;
        } catch (const std::exception& e) {
            msg = QString::fromStdString(e.what());
        }
        post([this, path, msg] { Q_EMIT classifyFailed(path, msg); });
    });
}

QStringList EngineBridge::architectures() {
    QStringList out;
    for (const std::string& a : featurelab::availableArchitectures())
        out << QString::fromStdString(a);
    return out;
}
