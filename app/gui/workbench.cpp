// Workbench session: panel <-> bridge wiring and the run configuration.
#include "workbench.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <utility>

#include "app_settings.h"
#include "confusion_panel.h"
#include "conversions_stages.h"
#include "curves_panel.h"
#include "data_panel.h"
#include "engine_bridge.h"
#include "featurelab/cache.h"
#include "featurelab/error.h"
#include "featurelab/recipe_config.h"
#include "featurelab/run_history.h"
#include "gallery_panel.h"
#include "inspector_panel.h"
#include "job_status.h"
#include "model_panel.h"
#include "training_panel.h"

namespace {
const char kBackboneKey[] = "model/backbone";
const char kFolderKey[] = "data/folder";
}  // namespace

Workbench::Workbench(const Panels& panels, EngineBridge* bridge, QObject* parent)
    : QObject(parent), p_(panels), bridge_(bridge) {
    connect(p_.data, &DataPanel::folderChosen, this, &Workbench::openFolder);
    connect(p_.model, &ModelPanel::backboneChanged, this, [this](const QString& spec) {
        QSettings().setValue(QLatin1String(kBackboneKey), spec);
        if (!p_.model->architecture().isEmpty()) bridge_->describeBackbone(spec);
    });
    connect(p_.model, &ModelPanel::stageSelected, p_.training, &TrainingPanel::selectStage);
    connect(p_.training, &TrainingPanel::startRequested, this, &Workbench::start);
    connect(p_.training, &TrainingPanel::stopRequested, this, &Workbench::stop);
    connectLrFinder();
    connect(p_.status, &JobStatus::cancelRequested, this, &Workbench::stop);
    connect(p_.confusion, &ConfusionPanel::cellClicked, this, &Workbench::onCellClicked);
    connect(p_.gallery, &GalleryPanel::predictionSelected, this, &Workbench::onPredictionSelected);
    connect(p_.inspector, &InspectorPanel::stepRequested, p_.gallery, &GalleryPanel::step);

    connect(bridge_, &EngineBridge::jobStarted, p_.status, &JobStatus::setJob);
    connect(bridge_, &EngineBridge::progress, p_.status, &JobStatus::setProgress);
    connect(bridge_, &EngineBridge::message, this, &Workbench::statusMessage);
    connect(bridge_, &EngineBridge::jobFinished, this, [this] {
        p_.status->setIdle();
        p_.training->setRunning(false);
    });
    connect(bridge_, &EngineBridge::failed, this, &Workbench::onFailed);
    connect(bridge_, &EngineBridge::scanFinished, this, [this](const DatasetSummary& d) {
        p_.data->setDataset(d);
        Q_EMIT statusMessage(tr("Scanned %1: %2 classes").arg(d.root).arg(d.classes.size()));
    });
    connect(bridge_, &EngineBridge::backboneDescribed, this, [this](const BackboneInfo& info) {
        if (info.spec != p_.model->backboneSpec()) return;  // the user has moved on
        p_.model->setUntrainedTop(info.untrainedTop);
        p_.model->setLayers(info.layers);
        p_.model->setStagePresets(info.presets);
        // Show what the first ticked stage trains (the engine lists every layer as trainable).
        const QStringList stages = p_.training->settings().ticked();
        p_.model->applyPreset(
            stages.isEmpty() ? p_.training->stageNames().value(0) : stages.first(), false);
    });
    connect(bridge_, &EngineBridge::describeFailed, this,
            [this](const QString& spec, const QString& msg) {
                p_.model->setUntrainedTop({});
                p_.model->setLayers({});
                p_.model->setStagePresets({});
                Q_EMIT error(tr("Cannot load the backbone %1").arg(spec), msg);
            });
    connect(bridge_, &EngineBridge::classifyFailed, this,
            [this](const QString& path, const QString& msg) {
                if (path == p_.inspector->currentPath()) p_.inspector->setImageNetMessage(msg);
            });
    connect(bridge_, &EngineBridge::epochFinished, p_.curves, &CurvesPanel::addEpoch);
    connect(bridge_, &EngineBridge::batchLoss, p_.curves, &CurvesPanel::addBatchLoss);
    connect(bridge_, &EngineBridge::stageFinished, p_.training, &TrainingPanel::addStage);
    connect(bridge_, &EngineBridge::classified, p_.inspector, &InspectorPanel::setImageNetTop);
    connect(p_.inspector, &InspectorPanel::gradCamRequested, this,
            [this](const QString& path, int classIndex, const QString& layer) {
                if (hasOutcome())
                    bridge_->gradCam(outcome_.runDir, path, classIndex, layer);
                else  // e.g. a "Likely mislabeled" image before any run: say why, not "computing…"
                    p_.inspector->setHeatMapMessage(
                        path, tr("Grad-CAM needs a trained model: train a stage or open a run."));
            });
    connect(bridge_, &EngineBridge::gradCamReady, p_.inspector, &InspectorPanel::setHeatMap);
    connect(bridge_, &EngineBridge::gradCamFailed, p_.inspector,
            &InspectorPanel::setHeatMapMessage);
    connect(bridge_, &EngineBridge::recipeFinished, this, &Workbench::onRecipeFinished);
    connect(bridge_, &EngineBridge::runOpened, this, &Workbench::onRunOpened);

    p_.training->setRuntime(EngineBridge::runtimeText());
    p_.model->setArchitectures(EngineBridge::architectures());
    // The stages, their descriptions and defaults come from the engine's registry.
    const QVector<StageDefaults> ladder = stageLadder();
    QStringList names, descriptions;
    for (const StageDefaults& d : ladder) {
        names << d.settings.stage;
        descriptions << d.description;
    }
    p_.model->setStages(names, descriptions);
    p_.training->setStages(ladder, defaultSeed());
    // Ticking stages shows what the first one trains, unless the user ticked layers by hand.
    connect(p_.training, &TrainingPanel::stagesChanged, this, [this](const QStringList& stages) {
        if (stages.isEmpty() || p_.training->isRunning()) return;
        if (!p_.model->customTrainable()) p_.model->applyPreset(stages.first(), false);
    });
    connectLabelIssues();
    connectEmbedding();
}

QString Workbench::runsRoot() { return QString::fromStdString(featurelab::defaultRunsRoot()); }

void Workbench::openFolder(const QString& folder) {
    if (!bridge_->scan(folder)) {
        reportBusy();
        return;
    }
    dataFolder_ = QDir(folder).absolutePath();
    p_.data->setFolder(dataFolder_);
    QSettings().setValue(QLatin1String(kFolderKey), dataFolder_);
}

void Workbench::setBackbone(const QString& spec) {
    const int colon = spec.indexOf(QLatin1Char(':'));
    p_.model->setBackbone(colon < 0 ? spec : spec.left(colon),
                          colon < 0 ? QString() : spec.mid(colon + 1));
}

bool Workbench::start() {
    // A new folder in the runs folder featurelab-cli uses too, named by the engine.
    QString runDir;
    try {
        runDir = QString::fromStdString(featurelab::createRunFolder(
            dataFolder_.toStdString(), p_.model->backboneSpec().toStdString()));
    } catch (const featurelab::Error& e) {
        Q_EMIT error(tr("Cannot start"), QString::fromStdString(e.what()));
        return false;
    }
    if (launch(p_.training->settings().ticked(), runDir, false)) return true;
    featurelab::removeUnusedRunFolder(runDir.toStdString());
    return false;
}

bool Workbench::resumeRun(const QString& runDir) {
    QStringList stages = outcome_.runDir == runDir ? outcome_.plannedStages : QStringList();
    if (stages.isEmpty()) stages = p_.training->settings().ticked();
    if (!outcome_.dataDir.isEmpty() && outcome_.runDir == runDir) dataFolder_ = outcome_.dataDir;
    return launch(stages, runDir, true);
}

featurelab::RecipeConfig Workbench::runConfig(const QStringList& stages, const QString& runDir,
                                              bool resume) const {
    featurelab::RecipeConfig run;
    run.dataDir = dataFolder_.toStdString();
    run.backbone = p_.model->backboneSpec().toStdString();
    run.outDir = runDir.toStdString();
    run.resume = resume;
    // The engine's per-user cache (the CLI's too) unless the user chose another folder.
    if (!appsettings::cacheDir().isEmpty())
        run.cacheDir =
            featurelab::defaultFeatureCacheDir(run.dataDir, appsettings::cacheDir().toStdString());
    run.seed = p_.training->settings().seed;
    run.viewSize = kGalleryViewSize;
    // Every stage runs with the engine's defaults except the cells the user changed.
    const TrainingOverrides edited = p_.training->overrides();
    std::vector<featurelab::StageOverrides> overrides;
    for (const QString& name : stages) {
        featurelab::StageOverrides o = toStageOverrides(name, edited.stages.value(name));
        if (p_.model->customTrainable())
            for (const QString& l : p_.model->trainableLayerNames())
                o.trainableLayers.push_back(l.toStdString());
        overrides.push_back(o);
    }
    return featurelab::buildRecipeConfig(run, overrides);
}

bool Workbench::haveDataAndBackbone() {
    if (dataFolder_.isEmpty()) {
        Q_EMIT error(tr("No data"), tr("Choose an image folder in the Data panel first."));
        return false;
    }
    if (p_.model->architecture().isEmpty()) {
        Q_EMIT error(tr("No backbone"), tr("Choose a backbone in the Model panel first."));
        return false;
    }
    return true;
}

bool Workbench::launch(const QStringList& stages, const QString& runDir, bool resume) {
    if (dataFolder_.isEmpty()) {
        Q_EMIT error(tr("No data"), tr("Choose an image folder in the Data panel first."));
        return false;
    }
    if (stages.isEmpty()) {
        Q_EMIT error(tr("No stage"), tr("Tick at least one stage to train."));
        return false;
    }
    featurelab::RecipeConfig config;
    try {
        config = runConfig(stages, runDir, resume);
    } catch (const featurelab::Error& e) {
        Q_EMIT error(tr("Cannot start"), QString::fromStdString(e.what()));
        return false;
    }
    if (!bridge_->runRecipe(config)) {
        reportBusy();
        return false;
    }
    appsettings::setTrainingOverrides(p_.training->overrides());
    activeRunDir_ = runDir;
    p_.curves->clear();
    p_.training->clearStages();
    p_.training->setRunning(true);
    return true;
}

QString Workbench::hintButtonText(const EngineHint& hint) {
    if (hint.action == QLatin1String("resume-run")) return tr("Resume");
    if (hint.action == QLatin1String("choose-weights")) return tr("Choose weights…");
    if (hint.action == QLatin1String("start-at-stage"))
        return tr("Start at '%1'").arg(hint.argument);
    if (hint.action == QLatin1String("choose-output-folder")) return tr("Start a new run");
    return QString();
}

bool Workbench::applyHint(const EngineHint& hint) {
    if (hint.action == QLatin1String("resume-run")) return resumeRun(hint.argument);
    if (hint.action == QLatin1String("choose-weights")) {
        p_.model->browseWeights();
        return true;
    }
    if (hint.action == QLatin1String("choose-output-folder")) return start();
    if (hint.action == QLatin1String("start-at-stage")) {
        // The ticked stages from the hinted one on: the ladder's later rungs stay as they were.
        const QStringList ladder = p_.training->stageNames();
        TrainingSettings s = p_.training->settings();
        QStringList kept;
        for (const QString& stage : s.ticked())
            if (ladder.indexOf(stage) >= ladder.indexOf(hint.argument)) kept << stage;
        if (!kept.contains(hint.argument)) kept.prepend(hint.argument);
        s.setTicked(kept);
        p_.training->setSettings(s);
        return true;
    }
    return false;
}

void Workbench::stop() { bridge_->cancel(); }

void Workbench::reportBusy() {
    Q_EMIT error(tr("Busy"),
                 tr("Wait for \"%1\" to finish or cancel it first.").arg(bridge_->currentJob()));
}

void Workbench::openRun(const QString& runDir) {
    if (!bridge_->openRun(runDir, dataFolder_)) return reportBusy();
}

void Workbench::onRunOpened(const RecipeOutcome& outcome) {
    p_.curves->clear();
    for (const EpochPoint& e : outcome.curve) p_.curves->addEpoch(e);
    p_.training->clearStages();
    for (const StageRow& row : outcome.stages) p_.training->addStage(row);
    onRecipeFinished(outcome);
    if (!outcome.stoppedDuring.isEmpty()) {
        EngineHint resume;
        resume.action = QStringLiteral("resume-run");
        resume.argument = outcome.runDir;
        auto offer = [this, outcome, resume] {
            Q_EMIT actionableError(
                tr("Run stopped during %1").arg(outcome.stoppedDuring),
                tr("%1 keeps its finished stages (%2 of %3); resume it to train the rest.")
                    .arg(QDir::toNativeSeparators(outcome.runDir))
                    .arg(outcome.stages.size())
                    .arg(outcome.plannedStages.size()),
                resume);
        };
        // The opening job is still on the lane: offer Resume once it is free, or the button
        // could be pressed while Resume would be refused as busy.
        if (bridge_->isBusy())
            connect(bridge_, &EngineBridge::jobFinished, this, offer, Qt::SingleShotConnection);
        else
            offer();
    }
}

void Workbench::onFailed(const QString& job, const QString& message, bool cancelled,
                         const EngineHint& hint) {
    p_.status->setIdle();
    p_.training->setRunning(false);
    // A run that failed before its first stage leaves no empty folder in the history.
    featurelab::removeUnusedRunFolder(std::exchange(activeRunDir_, QString()).toStdString());
    if (cancelled && hint.action == QLatin1String("resume-run")) {
        // Stop kept the finished stages: show them as the run they now are.
        Q_EMIT statusMessage(tr("Stopped: %1").arg(job));
        openRun(hint.argument);
    } else if (cancelled) {
        Q_EMIT statusMessage(tr("Cancelled: %1").arg(job));
    } else if (!hintButtonText(hint).isEmpty()) {
        Q_EMIT actionableError(job, message, hint);
    } else {
        Q_EMIT error(job, message);
    }
}

void Workbench::onRecipeFinished(const RecipeOutcome& outcome) {
    if (outcome.runDir == activeRunDir_) activeRunDir_.clear();
    outcome_ = outcome;
    p_.training->setBestStage(outcome.bestStage);
    p_.confusion->setMatrix(outcome.classes, outcome.confusion);
    p_.gallery->setPredictions(outcome.classes, outcome.valid);
    p_.gallery->setView(GalleryPanel::RandomCorrect, outcome.views.randomCorrect);
    p_.gallery->setView(GalleryPanel::RandomIncorrect, outcome.views.randomIncorrect);
    p_.gallery->setView(GalleryPanel::ConfidentCorrect, outcome.views.confidentCorrect);
    p_.gallery->setView(GalleryPanel::ConfidentWrong, outcome.views.confidentWrong);
    p_.gallery->setView(GalleryPanel::Uncertain, outcome.views.uncertain);
    p_.inspector->clear();
    Q_EMIT statusMessage(tr("Run written to %1").arg(QDir::toNativeSeparators(outcome.runDir)));
    Q_EMIT outcomeChanged();
}

void Workbench::onCellClicked(int t, int p) {
    QVector<int> members;
    for (int i = 0; i < outcome_.valid.size(); ++i)
        if (outcome_.valid[i].trueLabel == t && outcome_.valid[i].predicted == p) members << i;
    p_.gallery->showCell(t, p, members);
}

void Workbench::onPredictionSelected(int index) {
    if (index < 0 || index >= outcome_.valid.size()) return;
    const PredictionItem& item = outcome_.valid[index];
    p_.inspector->showItem(item, outcome_.classes);
    bridge_->classify(outcome_.runDir, item.path);
}
