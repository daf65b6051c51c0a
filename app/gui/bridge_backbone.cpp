// Engine bridge queries: describing a backbone and its ImageNet top-5 for one image.
#include "conversions.h"
#include "engine_bridge.h"
#include "featurelab/backbone.h"
#include "job_lane.h"

#include <exception>

void EngineBridge::startDescribe(const QString& spec) {
    const std::string s = spec.toStdString();
    queries_->start(tr("Describing %1").arg(spec), [this, s, spec](const featurelab::CancelToken&) {
        try {
            const BackboneInfo info = toBackboneInfo(featurelab::describeBackbone(s));
            post([this, info] { Q_EMIT backboneDescribed(info); });
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            post([this, spec, msg] { Q_EMIT describeFailed(spec, msg); });
        }
    });
}

void EngineBridge::startClassify(const QString& spec, const QString& path) {
    const std::string s = spec.toStdString(), p = path.toStdString();
    queries_->start(tr("ImageNet top-5"), [this, s, p, path](const featurelab::CancelToken&) {
        QString msg;
        try {
            featurelab::ClassifyOptions options;
            options.topK = 5;
            options.batchSize = 1;
            const auto results = featurelab::classifyImages(s, {p}, options);
            if (!results.empty() && results.front().error.empty()) {
                const TopClasses top = toTopClasses(results.front());
                post([this, path, top] { Q_EMIT classified(path, top); });
                return;
            }
            msg =
                results.empty() ? tr("No result.") : QString::fromStdString(results.front().error);
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
