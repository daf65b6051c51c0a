// The only door between the Qt UI and the engine. Long jobs (scan, recipe) run on one lane,
// quick queries (describe a backbone, ImageNet top-5 of one image) on another, so the inspector
// stays live while a stage trains. Engine callbacks become throttled signals carrying plain
// values (<= ~20 per second); every engine error becomes failed() with the engine's sentence.
#pragma once

#include <QObject>
#include <QString>

#include "bridge_types.h"
#include "embedding_panel.h"
#include "featurelab/embedding.h"
#include "featurelab/label_issues.h"
#include "featurelab/lr_finder.h"
#include "featurelab/model_export.h"
#include "featurelab/recipe.h"
#include "featurelab/trained_model.h"
#include "heat_map_overlay.h"
#include "label_issues_view.h"
#include "lr_finder_dialog.h"

#include <mutex>
#include <optional>
#include <string>

class JobLane;

class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    ~EngineBridge() override;

    /// Each returns false (and starts nothing) while the job lane is busy.
    bool scan(const QString& folder);
    bool runRecipe(const featurelab::RecipeConfig& config);
    /// Rewrites a saved model (RUN_DIR/model.safetensors) as outFile in format; modelExported
    /// on success, failed() with the engine's sentence otherwise.
    bool exportModel(const QString& modelFile, const QString& outFile,
                     featurelab::ModelFormat format);
    /// Reads a finished run folder back (runOpened); images resolve against the data folder
    /// the run recorded, else against fallbackDataDir.
    bool openRun(const QString& runDir, const QString& fallbackDataDir);
    /// Applies a saved model to every image under folder and writes csvFile: path,predicted,
    /// <probabilities>, or with submission Kaggle's id,label (predictionsWritten).
    bool predictFolder(const QString& modelFile, const QString& folder, const QString& csvFile,
                       bool submission);
    /// Ranks one split's images by how likely their given label is (findLabelIssues on the
    /// cached features; bridge_label_issues.cpp): labelIssuesFound with the flagged ones.
    bool findLabelIssues(const featurelab::LabelIssuesOptions& options);
    /// The LR finder's sweep of one stage (bridge_lr_finder.cpp): lrFound with its curve.
    bool findLearningRate(const featurelab::LrFindOptions& options);
    /// Lays one split's cached features out in 2-D (bridge_embedding.cpp): embeddingFrame
    /// with t-SNE's intermediate layouts (throttled; options.onFrame is replaced), then
    /// embeddingComputed.
    bool computeEmbedding(const featurelab::EmbeddingOptions& options);
    /// Queries: when one is running, the latest request waits and older ones are dropped.
    void describeBackbone(const QString& spec);
    /// The ImageNet top-5 of imagePath from the backbone the run in runDir was trained from.
    /// The run's model is opened once and kept (one per open run), and so is its backbone:
    /// later queries on the same run load no weights.
    void classify(const QString& runDir, const QString& imagePath);
    /// Grad-CAM of imagePath from the same kept model: classIndex -1 explains the predicted
    /// class, layer "" looks at the last conv block (bridge_gradcam.cpp).
    void gradCam(const QString& runDir, const QString& imagePath, int classIndex,
                 const QString& layer);

    void cancel();
    /// Cancels and joins both lanes (quitting mid-job). Further requests are refused.
    void shutdown();
    bool isBusy() const;
    QString currentJob() const;
    /// e.g. "CPU, 2 threads"; initialises the engine runtime on first use.
    static QString runtimeText();
    /// Architectures this engine build knows (a constant list, no I/O).
    static QStringList architectures();

    /// Minimum spacing between two batch or progress signals.
    static constexpr int kThrottleMs = 100;

Q_SIGNALS:
    void jobStarted(const QString& job);
    void jobFinished(const QString& job);
    void failed(const QString& job, const QString& message, bool cancelled, const EngineHint& hint);
    void progress(const JobProgress& p);
    void message(const QString& line);

    void scanFinished(const DatasetSummary& data);
    void epochFinished(const EpochPoint& point);
    void batchLoss(const QString& stage, int epoch, double fraction, double loss);
    void stageFinished(const StageRow& row);
    void recipeFinished(const RecipeOutcome& outcome);
    void modelExported(const QString& file);
    void runOpened(const RecipeOutcome& outcome);
    void predictionsWritten(const QString& csvFile, int images, int skipped);
    void labelIssuesFound(const LabelIssueList& issues);
    void lrFound(const LrCurve& curve);
    void embeddingFrame(const EmbeddingFrameUpdate& frame);
    void embeddingComputed(const EmbeddingResult& result);

    void backboneDescribed(const BackboneInfo& info);
    void classified(const QString& path, const TopClasses& top);
    void describeFailed(const QString& spec, const QString& message);
    void classifyFailed(const QString& path, const QString& message);
    void gradCamReady(const HeatMap& map);
    void gradCamFailed(const QString& path, const QString& message);

private:
    /// Emits from the UI thread: fn runs there through a queued call.
    template <typename Fn>
    void post(Fn&& fn) {
        QMetaObject::invokeMethod(this, std::forward<Fn>(fn), Qt::QueuedConnection);
    }
    void runNextQuery();
    void startDescribe(const QString& spec);  // bridge_backbone.cpp
    void startClassify(const QString& runDir, const QString& path);
    void startGradCam(const QString& runDir, const QString& path, int classIndex,
                      const QString& layer);
    /// The open run's model, opened on first use (query lane only).
    featurelab::TrainedModel modelFor(const std::string& runDir);
    /// Drops the kept model: its run folder was just (re)written.
    void forgetModel();

    JobLane* jobs_ = nullptr;
    JobLane* queries_ = nullptr;
    QString pendingDescribe_;
    QString pendingClassifyRun_, pendingClassifyPath_;
    QString pendingGradCamRun_, pendingGradCamPath_, pendingGradCamLayer_;
    int pendingGradCamClass_ = -1;
    std::mutex modelMutex_;
    std::string modelRun_;
    std::optional<featurelab::TrainedModel> model_;
    friend class ThrottledObserver;
};
