// The Curves panel (Qt Charts): loss and accuracy, train and valid, per epoch, plotted live,
// with stage boundaries marked and a smoothed per-batch loss. Exports PNG, SVG and CSV.
#pragma once

#include <QPointF>
#include <QVector>
#include <QWidget>

#include "panel_types.h"

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
class QGraphicsSimpleTextItem;
class QSplitter;

/// Another run's curves, as the History dock overlays them on the current run's.
struct CurveOverlay {
    QString label;  // the run's name in the legend
    QVector<EpochPoint> points;
};

class CurvesPanel : public QWidget {
    Q_OBJECT
public:
    explicit CurvesPanel(QWidget* parent = nullptr);

    void clear();
    void addEpoch(const EpochPoint& point);
    /// fraction: position within the epoch (batch / batches).
    void addBatchLoss(const QString& stage, int epoch, double fraction, double loss);
    /// Other runs' valid loss and accuracy with this one's (x as addEpoch would place them),
    /// run i in overlayColor(i) and named by its label in the legend. Kept across clear();
    /// replaced by the next call, removed by clearComparison().
    void setComparisons(const QVector<CurveOverlay>& runs);
    void clearComparison();
    QStringList comparisonLabels() const { return comparisonLabels_; }
    /// The compared run's "validLoss" or "validAcc" points (empty for another index or name).
    QVector<QPointF> comparisonSeries(int run, const QString& name) const;
    /// The colour of the i-th compared run: the History dock names runs in the same colours.
    static QColor overlayColor(int run);

    /// Per-epoch points so far, x = epochs since the first stage began.
    const QVector<EpochPoint>& epochs() const { return points_; }
    /// "trainLoss", "validLoss", "trainAcc", "validAcc", "batchLoss".
    QVector<QPointF> series(const QString& name) const;
    /// x positions where a stage begins (after the first).
    QVector<double> stageBoundaries() const;

    bool exportCsv(const QString& file) const;
    bool exportPng(const QString& file);
    /// Hand-written SVG of both charts (the build has no Qt SVG module).
    bool exportSvg(const QString& file) const;

    QChartView* lossView() const { return lossView_; }
    QChartView* accuracyView() const { return accView_; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct StageSpan {
        QString name;
        double start = 0;
    };
    double stageOffset(const QString& stage);
    void addBoundary(double x, const QString& name);
    void rescale();
    void placeLabels();
    /// Charts paint their own light theme: give them the widget palette (dark mode too).
    void applyPalette();

    QSplitter* split_ = nullptr;
    QChartView* lossView_ = nullptr;
    QChartView* accView_ = nullptr;
    QLineSeries* trainLoss_ = nullptr;
    QLineSeries* validLoss_ = nullptr;
    QLineSeries* batchLoss_ = nullptr;
    QLineSeries* trainAcc_ = nullptr;
    QLineSeries* validAcc_ = nullptr;
    QList<QLineSeries*> compareLoss_, compareAcc_;  // one per compared run
    QStringList comparisonLabels_;
    QList<QLineSeries*> boundaryLines_;
    QList<QGraphicsSimpleTextItem*> labels_;
    QVector<StageSpan> spans_;
    QVector<EpochPoint> points_;
    double smoothed_ = -1;
    double nextOffset_ = 0;
};
