// Engine bridge query: Grad-CAM of one image from the open run's kept TrainedModel, converted
// to the Inspector's plain HeatMap on the query lane.
#include <exception>

#include "engine_bridge.h"
#include "featurelab/grad_cam.h"
#include "job_lane.h"

namespace {

HeatMap toHeatMap(const featurelab::GradCam& cam,
                  const std::vector<featurelab::LayerInfo>& layers) {
    HeatMap map;
    map.path = QString::fromStdString(cam.path);
    map.classIndex = cam.classIndex;
    map.predicted = cam.predicted;
    map.layer = QString::fromStdString(cam.layer);
    map.size = QSize(cam.width, cam.height);
    map.values = QVector<float>(cam.heat.begin(), cam.heat.end());
    map.layerSize = QSize(cam.layerWidth, cam.layerHeight);
    map.imageSize = QSize(cam.imageWidth, cam.imageHeight);
    map.crop = QRectF(cam.cropX, cam.cropY, cam.cropWidth, cam.cropHeight);
    for (const featurelab::LayerInfo& l : layers) map.layers << QString::fromStdString(l.name);
    return map;
}

}  // namespace

void EngineBridge::gradCam(const QString& runDir, const QString& imagePath, int classIndex,
                           const QString& layer) {
    pendingGradCamRun_ = runDir;
    pendingGradCamPath_ = imagePath;
    pendingGradCamClass_ = classIndex;
    pendingGradCamLayer_ = layer;
    runNextQuery();
}

void EngineBridge::startGradCam(const QString& runDir, const QString& path, int classIndex,
                                const QString& layer) {
    const std::string run = runDir.toStdString(), p = path.toStdString();
    featurelab::GradCamOptions options;
    options.classIndex = classIndex;
    options.layer = layer.toStdString();
    queries_->start(tr("Grad-CAM"), [this, run, p, path, options](const featurelab::CancelToken&) {
        QString msg;
        try {
            const featurelab::TrainedModel model = modelFor(run);
            const HeatMap map = toHeatMap(model.gradCam(p, options), model.gradCamLayers());
            post([this, map] { Q_EMIT gradCamReady(map); });
            return;
        } catch (const std::exception& e) {
            msg = QString::fromStdString(e.what());
        }
        post([this, path, msg] { Q_EMIT gradCamFailed(path, msg); });
    });
}
