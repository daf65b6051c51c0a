// The workbench session: what the user has chosen (folder, backbone, settings) and what the
// last run produced, connecting the panels to the engine bridge. MainWindow builds the panels
// and hands them here; this class holds the small amount of logic between them.
#pragma once

#include <QObject>
#include <QPointer>

#include "bridge_types.h"
#include "featurelab/recipe.h"

class ConfusionPanel;
class CurvesPanel;
class DataPanel;
class EmbeddingPanel;
class EngineBridge;
class GalleryPanel;
class InspectorPanel;
class JobStatus;
class ModelPanel;
class TrainingPanel;

struct Panels {
    DataPanel* data = nullptr;
    ModelPanel* model = nullptr;
    TrainingPanel* training = nullptr;
    CurvesPanel* curves = nullptr;
    ConfusionPanel* confusion = nullptr;
    GalleryPanel* gallery = nullptr;
    InspectorPanel* inspector = nullptr;
    JobStatus* status = nullptr;
    EmbeddingPanel* embedding = nullptr;  // the Embedding map dock
};

class Workbench : public QObject {
    Q_OBJECT
public:
    Workbench(const Panels& panels, EngineBridge* bridge, QObject* parent = nullptr);

    void openFolder(const QString& folder);
    /// "ARCH[:WEIGHTS]": fills the model panel and asks the engine to describe it.
    void setBackbone(const QString& spec);
    /// Starts the ticked stages; false (with error()) when something is missing.
    bool start();
    /// Sweeps stage's LR with the Training panel's settings for it (LR finder); a dialog shows
    /// the curve and "Use this LR" sets the stage's LR cell. False (with error()) when the
    /// folder or backbone is missing or a job is running.
    bool findLr(const QString& stage);  // workbench_lr_finder.cpp
    /// The configuration a run of stages into runDir gets: the engine's buildRecipeConfig of
    /// the panels' choices (the Training panel's changed cells, the Model panel's hand-ticked
    /// layers) over the registry's defaults. Throws featurelab::Error(InvalidArgument).
    featurelab::RecipeConfig runConfig(const QStringList& stages, const QString& runDir,
                                       bool resume = false) const;
    /// Images per inspection view in a GUI run: the gallery's pages show this many.
    static constexpr std::size_t kGalleryViewSize = 24;
    void stop();
    /// Continues a stopped (or unfinished) run in runDir after its last finished stage, with
    /// the stages it had planned and the Training panel's settings for those still to run.
    bool resumeRun(const QString& runDir);
    /// Does what an error's hint offers (resume-run, choose-weights, start-at-stage, ...).
    /// Returns false for a hint this front end has no action for.
    bool applyHint(const EngineHint& hint);
    /// The button text for a hint's action ("" when there is none).
    static QString hintButtonText(const EngineHint& hint);
    /// Shows a finished run folder (curves, stage table, confusion, gallery) without training.
    void openRun(const QString& runDir);
    /// Looks for likely mislabeled images in split ("train"/"valid") of the open folder with
    /// the Model panel's backbone; the gallery's "Likely mislabeled" tab shows them. False
    /// (with error()) when the folder or backbone is missing or a job is running.
    bool findLabelIssues(const QString& split);  // workbench_label_issues.cpp
    /// Lays split's cached features out in 2-D by method ("pca" or "tsne") for the Embedding
    /// map, with the Model panel's backbone. False (with error()) when the folder or backbone
    /// is missing or a job is running.
    bool computeEmbedding(const QString& split, const QString& method);  // workbench_embedding.cpp

    QString dataFolder() const { return dataFolder_; }
    const RecipeOutcome& outcome() const { return outcome_; }
    bool hasOutcome() const { return !outcome_.runDir.isEmpty(); }
    /// The data folder whose images the panels show: the shown run's, else the open folder.
    QString imagesFolder() const;  // workbench_relabel.cpp
    /// Images moved on disk (relabel, quarantine, undo, redo; pairs of paths from -> to,
    /// relative to imagesFolder(), applied in order): their predictions follow them in the
    /// gallery and the Inspector. A pair no prediction is at changes nothing.
    void relocateImages(const QVector<QPair<QString, QString>>& moves);
    /// Where runs are written: the engine's defaultRunsRoot(), featurelab-cli's too.
    static QString runsRoot();
    /// The run folder a recipe is training into now ("" when none).
    QString activeRunDir() const { return activeRunDir_; }

Q_SIGNALS:
    void error(const QString& title, const QString& message);
    /// An engine error whose hint the user can act on: the window offers hintButtonText().
    void actionableError(const QString& title, const QString& message, const EngineHint& hint);
    void statusMessage(const QString& text);
    void outcomeChanged();

private:
    void onRecipeFinished(const RecipeOutcome& outcome);
    void onRunOpened(const RecipeOutcome& outcome);
    void reportBusy();
    /// False, with error() saying what to choose, until a data folder and a backbone are set
    /// (the jobs that need both: label issues, LR finder).
    bool haveDataAndBackbone();
    void onCellClicked(int trueLabel, int predicted);
    void onPredictionSelected(int index);
    void connectLrFinder();     // workbench_lr_finder.cpp
    void connectLabelIssues();  // workbench_label_issues.cpp
    void onLabelIssueSelected(int index);
    void connectEmbedding();  // workbench_embedding.cpp
    /// The Embedding map and its gallery tab follow images that moved (relocateImages' pairs).
    void relocateOnMap(const QVector<QPair<QString, QString>>& moves);
    /// Hands the shown run's validation predictions to the Embedding map.
    void showRunOnMap();
    /// The "Likely mislabeled" tab lets go of images that moved (relocateImages' pairs).
    void forgetMovedLabelIssues(const QVector<QPair<QString, QString>>& moves);
    void onFailed(const QString& job, const QString& message, bool cancelled,
                  const EngineHint& hint);
    /// Builds the run configuration for stages from the panels and starts it.
    bool launch(const QStringList& stages, const QString& runDir, bool resume);

    Panels p_;
    EngineBridge* bridge_;
    QString dataFolder_;
    RecipeOutcome outcome_;
    QString activeRunDir_;  // the folder the running recipe writes ("" when none is running)
};
