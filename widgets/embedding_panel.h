// The Embedding map dock: a split's cached features in 2-D (PCA or t-SNE, computed by the
// engine) as an EmbeddingMapView, with the split, method and colouring choices, the Compute
// button, a legend and a status line. Colouring by prediction joins the shown run's
// predictions by path; without them those choices are greyed out with the reason.
#pragma once

#include <QMetaType>
#include <QPointF>
#include <QWidget>

#include "embedding_map_view.h"
#include "panel_types.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;
class ThumbnailCache;

/// One computed map, as the panel shows it.
struct EmbeddingResult {
    QString dataDir;  // the folder the relative paths start from
    QString split;
    QString method;  // "pca" or "tsne"
    QString layer;
    QStringList classes;
    /// One per point: path (absolute), displayPath (relative to dataDir), trueLabel (-1 for an
    /// unlabelled split); predicted -1 (the panel joins a run's predictions).
    QVector<PredictionItem> items;
    QVector<QPointF> coords;
    qint64 featureDim = 0;
    double explained[2] = {0, 0};  // share of the variance along each PCA axis
    double klDivergence = 0;       // t-SNE
    double perplexity = 0;         // t-SNE
    int iterations = 0;            // t-SNE
    qint64 imagesInSplit = 0;
    int skipped = 0;
    QStringList notes;
    double seconds = 0;
};

/// An intermediate t-SNE layout: coords in the final points' order.
struct EmbeddingFrameUpdate {
    int iteration = 0;
    int iterations = 0;
    bool exaggerated = false;
    QVector<QPointF> coords;
};

/// The predictions of the shown run, for colouring by predicted class or right/wrong.
struct RunPredictions {
    QString dataDir;  // "" when no run is shown
    QString split = QStringLiteral("valid");
    QStringList classes;
    QVector<PredictionItem> items;  // displayPath relative to dataDir
};

Q_DECLARE_METATYPE(EmbeddingResult)
Q_DECLARE_METATYPE(EmbeddingFrameUpdate)

class EmbeddingPanel : public QWidget {
    Q_OBJECT
public:
    /// cache: the gallery's thumbnails, for the hover card.
    explicit EmbeddingPanel(ThumbnailCache* cache, QWidget* parent = nullptr);

    /// The splits the open folder has ("train", "valid", "test"); keeps the chosen one.
    void setSplits(const QStringList& splits);
    /// While a job runs, Compute waits (the engine runs one job at a time).
    void setBusy(bool busy);
    /// A computation of split by method started: frames follow, then setResult.
    void setComputing(const QString& split, const QString& method);
    void setFrame(const EmbeddingFrameUpdate& frame);
    void setResult(const EmbeddingResult& result);
    /// The computation failed or was cancelled: the map keeps what it had.
    /// Ignored when no computation is under way (another job failed).
    void setFailed(const QString& message);
    void setRunPredictions(const RunPredictions& run);
    /// Images moved on disk (relabel, quarantine, undo; pairs relative to dataDir): their
    /// points follow (a new class folder is a new true class), quarantined ones leave the map.
    void relocate(const QString& dataDir, const QVector<QPair<QString, QString>>& moves);
    /// Another folder was opened (or rescanned): the map goes.
    void clear();

    const EmbeddingResult& result() const { return result_; }
    /// The shown points' labels and (where the run has them) predictions.
    const QVector<PredictionItem>& items() const { return view_->items(); }
    /// Why colouring by prediction is unavailable ("" when it is available).
    QString predictionsUnavailable() const { return noPredictions_; }

    EmbeddingMapView* view() const { return view_; }
    QComboBox* splitBox() const { return split_; }
    QComboBox* methodBox() const { return method_; }
    QComboBox* colourBox() const { return colour_; }
    QPushButton* computeButton() const { return compute_; }
    QLabel* legendLabel() const { return legend_; }
    QLabel* statusLabel() const { return status_; }
    QToolButton* toolButton(EmbeddingMapView::Tool tool) const;

Q_SIGNALS:
    /// method "pca" or "tsne".
    void computeRequested(const QString& split, const QString& method);
    /// A point was clicked: show its image in the Inspector.
    void openRequested(const PredictionItem& item, const QStringList& classes);
    /// A rectangle or lasso selected these points (their paths in item.path).
    void pointsSelected(const QVector<PredictionItem>& items);

private:
    void join();
    void updateColourChoices();
    void updateLegend();
    /// The shown map's summary in the status line, then extra on a line of its own.
    void showSummary(const QString& extra = QString());
    static QString methodText(const QString& method);

    EmbeddingResult result_;
    RunPredictions run_;
    QString noPredictions_;
    QString computingSplit_;
    /// The shown items still describe the points in the engine's order (same folder and split,
    /// nothing moved since): a t-SNE frame of the same size can be coloured with them.
    bool itemsMatchFrames_ = false;
    bool framesKeepColours_ = false;  // this computation's frames use the shown colours
    bool greyFrames_ = false;         // this computation's frames are shown without labels
    bool busy_ = false;

    EmbeddingMapView* view_ = nullptr;
    QComboBox* split_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* colour_ = nullptr;
    QPushButton* compute_ = nullptr;
    QButtonGroup* tools_ = nullptr;
    QPushButton* fit_ = nullptr;
    QLabel* legend_ = nullptr;
    QLabel* status_ = nullptr;
};
