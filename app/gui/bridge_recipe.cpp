// Engine bridge: the recipe job and its throttled observer.
#include <QElapsedTimer>
#include <QFileInfo>

#include "conversions.h"
#include "engine_bridge.h"
#include "job_lane.h"

/// Receives the recipe's reports on the job thread and forwards them as queued signals: every
/// epoch and stage, but batch losses and progress at most once per kThrottleMs each.
class ThrottledObserver : public featurelab::RecipeObserver {
public:
    explicit ThrottledObserver(EngineBridge* bridge) : bridge_(bridge) {
        batchClock_.start();
        progressClock_.start();
    }
    void onMessage(const std::string& line) override {
        // Messages are status-bar lines: under a flood (many skipped files) the newest wins.
        if (messageClock_.isValid() && messageClock_.elapsed() < EngineBridge::kThrottleMs) return;
        messageClock_.start();
        const QString text = QString::fromStdString(line);
        bridge_->post([b = bridge_, text] { Q_EMIT b->message(text); });
    }
    void onProgress(const featurelab::Progress& p) override {
        const bool last = p.total && p.done == p.total;
        if (!last && progressClock_.elapsed() < EngineBridge::kThrottleMs) return;
        progressClock_.restart();
        const JobProgress jp = toJobProgress(p);
        bridge_->post([b = bridge_, jp] { Q_EMIT b->progress(jp); });
    }
    void onEpoch(const featurelab::EpochMetrics& m) override {
        const EpochPoint e = toEpochPoint(m);
        bridge_->post([b = bridge_, e] { Q_EMIT b->epochFinished(e); });
    }
    void onBatch(const featurelab::BatchMetrics& m) override {
        if (batchClock_.elapsed() < EngineBridge::kThrottleMs || m.batches == 0) return;
        batchClock_.restart();
        const QString stage = QString::fromStdString(m.stage);
        const double fraction = double(m.batch) / double(m.batches);
        const int epoch = m.epoch;
        const double loss = m.runningLoss;
        bridge_->post([b = bridge_, stage, epoch, fraction, loss] {
            Q_EMIT b->batchLoss(stage, epoch, fraction, loss);
        });
    }
    void onStageFinished(const featurelab::StageResult& r) override {
        const StageRow row = toStageRow(r);
        bridge_->post([b = bridge_, row] { Q_EMIT b->stageFinished(row); });
    }

private:
    EngineBridge* bridge_;
    QElapsedTimer batchClock_, progressClock_, messageClock_;
};

bool EngineBridge::runRecipe(const featurelab::RecipeConfig& config) {
    QStringList stages;
    for (const auto& s : config.stages) stages << QString::fromStdString(s.name);
    return jobs_->start(tr("Training %1").arg(stages.join(QStringLiteral(", "))),
                        [this, config](const featurelab::CancelToken& cancel) {
                            ThrottledObserver observer(this);
                            const featurelab::RecipeResult result =
                                featurelab::runRecipe(config, observer, &cancel);
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
                featurelab::predictImages(config, observer, &cancel);
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

TrainingSettings EngineBridge::stageDefaults(const QString& stage) {
    const featurelab::StageConfig d = featurelab::RecipeConfig::defaultStage(stage.toStdString());
    TrainingSettings s;
    s.optimizer = QString::fromStdString(d.optimizer);
    s.lr = d.lr;
    s.epochs = d.epochs;
    s.batchSize = d.batchSize;
    s.augment = d.augment;
    s.stages = {stage};
    return s;
}
