// Engine bridge: the recipe, open-run and predict jobs.
#include <QElapsedTimer>
#include <QFileInfo>

#include "conversions.h"
#include "throttled_observer.h"
#include "engine_bridge.h"
#include "job_lane.h"
#include "featurelab/run_folder.h"
#include "featurelab/predict.h"

bool EngineBridge::runRecipe(const featurelab::RecipeConfig& config) {
    QStringList stages;
    for (const auto& s : config.stages) stages << QString::fromStdString(s.name);
    return jobs_->start(tr("Training %1").arg(stages.join(QStringLiteral(", "))),
                        [this, config](const featurelab::CancelToken& cancel) {
                            ThrottledObserver observer(this);
                            const featurelab::RecipeResult result =
                                featurelab::runRecipe(config, {&cancel, &observer});
                            const RecipeOutcome outcome =
                                toOutcome(result, QString::fromStdString(config.dataDir),
                                          QString::fromStdString(config.outDir));
                            post([this, outcome] { Q_EMIT recipeFinished(outcome); });
                        });
}

bool EngineBridge::openRun(const QString& runDir, const QString& fallbackDataDir) {
    const std::string dir = runDir.toStdString();
    return jobs_->start(tr("Opening run %1").arg(QFileInfo(runDir).fileName()),
                        [this, dir, runDir, fallbackDataDir](const featurelab::CancelToken&) {
                            const featurelab::RecipeResult r = featurelab::openRun(dir);
                            const QString data = r.dataDir.empty()
                                                     ? fallbackDataDir
                                                     : QString::fromStdString(r.dataDir);
                            const RecipeOutcome outcome = toOutcome(r, data, runDir);
                            post([this, outcome] { Q_EMIT runOpened(outcome); });
                        });
}

bool EngineBridge::predictFolder(const QString& modelFile, const QString& folder,
                                 const QString& csvFile, bool submission) {
    featurelab::PredictConfig config;
    config.modelFile = modelFile.toStdString();
    config.input = folder.toStdString();
    const std::string csv = csvFile.toStdString();
    return jobs_->start(
        tr("Predicting %1").arg(QFileInfo(folder).fileName()),
        [this, config, csv, csvFile, submission](const featurelab::CancelToken& cancel) {
            ThrottledObserver observer(this);
            const featurelab::PredictResult r =
                featurelab::predictImages(config, {&cancel, &observer});
            if (submission)
                featurelab::writeSubmissionCsv(csv, r.rows, r.classes, 0);
            else
                featurelab::writePredictionsCsv(csv, r.rows, r.classes, false);
            const int images = int(r.rows.size()), skipped = int(r.skipped.size());
            post([this, csvFile, images, skipped] {
                Q_EMIT predictionsWritten(csvFile, images, skipped);
            });
        });
}
