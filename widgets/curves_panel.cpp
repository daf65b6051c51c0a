// Curves panel: live Qt Charts plots of the training curves.
#include "curves_panel.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFile>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSplitter>
#include <QTextStream>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <iterator>

namespace {
QLineSeries* makeSeries(QChart* chart, const QString& name, const QColor& color, Qt::PenStyle style,
                        qreal width) {
    auto* s = new QLineSeries(chart);
    s->setName(name);
    QPen pen(color, width);
    pen.setStyle(style);
    s->setPen(pen);
    chart->addSeries(s);
    return s;
}

QChartView* makeView(const QString& title, const QString& yFormat, QWidget* parent) {
    auto* chart = new QChart;
    // The quantity names the y axis rather than a chart title: docks are short.
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    auto* x = new QValueAxis(chart);
    x->setTitleText(CurvesPanel::tr("epoch"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setTickType(QValueAxis::TicksDynamic);  // whole epochs, never 2.25
    x->setTickAnchor(0);
    x->setTickInterval(1);
    auto* y = new QValueAxis(chart);
    y->setTitleText(title);
    y->setLabelFormat(yFormat);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 160);
    return view;
}

void attach(QChart* chart, QLineSeries* s) {
    for (QAbstractAxis* a : chart->axes()) s->attachAxis(a);
}
}  // namespace

CurvesPanel::CurvesPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    split_ = new QSplitter(Qt::Horizontal, this);
    QSplitter* split = split_;
    lossView_ = makeView(tr("Loss"), QStringLiteral("%.2f"), split);
    lossView_->setObjectName(QStringLiteral("lossChart"));
    accView_ = makeView(tr("Accuracy (%)"), QStringLiteral("%.0f"), split);
    accView_->setObjectName(QStringLiteral("accuracyChart"));
    split->addWidget(lossView_);
    split->addWidget(accView_);
    layout->addWidget(split);

    QChart* lc = lossView_->chart();
    batchLoss_ =
        makeSeries(lc, tr("batch loss (smoothed)"), QColor(150, 150, 150), Qt::SolidLine, 1);
    trainLoss_ = makeSeries(lc, tr("train"), QColor(31, 119, 180), Qt::SolidLine, 2);
    validLoss_ = makeSeries(lc, tr("valid"), QColor(255, 127, 14), Qt::DashLine, 2);
    QChart* ac = accView_->chart();
    trainAcc_ = makeSeries(ac, tr("train"), QColor(31, 119, 180), Qt::SolidLine, 2);
    validAcc_ = makeSeries(ac, tr("valid"), QColor(255, 127, 14), Qt::DashLine, 2);
    for (QLineSeries* s : {batchLoss_, trainLoss_, validLoss_}) attach(lc, s);
    for (QLineSeries* s : {trainAcc_, validAcc_}) attach(ac, s);
    for (QChart* c : {lc, ac})
        connect(c, &QChart::plotAreaChanged, this, &CurvesPanel::placeLabels);
    applyPalette();
    rescale();
}

void CurvesPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}

void CurvesPanel::applyPalette() {
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text), mid = pal.color(QPalette::Mid);
    QColor grid = mid;
    grid.setAlpha(110);
    for (QChartView* v : {lossView_, accView_}) {
        QChart* chart = v->chart();
        v->setBackgroundBrush(pal.color(QPalette::Window));
        chart->setBackgroundBrush(pal.color(QPalette::Base));
        chart->setBackgroundPen(Qt::NoPen);
        chart->legend()->setLabelColor(text);
        for (QAbstractAxis* a : chart->axes()) {
            a->setLabelsColor(text);
            a->setTitleBrush(text);
            a->setLinePenColor(mid);
            a->setGridLineColor(grid);
        }
    }
    for (QLineSeries* line : boundaryLines_) {
        QPen pen = line->pen();
        pen.setColor(mid);
        line->setPen(pen);
    }
    for (QGraphicsSimpleTextItem* label : labels_) label->setBrush(text);
}

void CurvesPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Side by side in a wide dock, stacked in a tall one.
    split_->setOrientation(width() > height() ? Qt::Horizontal : Qt::Vertical);
}

void CurvesPanel::clear() {
    for (QLineSeries* s : {trainLoss_, validLoss_, batchLoss_, trainAcc_, validAcc_}) s->clear();
    for (QLineSeries* s : boundaryLines_) {
        s->chart()->removeSeries(s);
        delete s;
    }
    boundaryLines_.clear();
    qDeleteAll(labels_);
    labels_.clear();
    spans_.clear();
    points_.clear();
    smoothed_ = -1;
    nextOffset_ = 0;
    rescale();
}

double CurvesPanel::stageOffset(const QString& stage) {
    if (!spans_.isEmpty() && spans_.last().name == stage) return spans_.last().start;
    const double start = nextOffset_;
    spans_.append({stage, start});
    smoothed_ = -1;
    addBoundary(start, stage);
    return start;
}

void CurvesPanel::addBoundary(double x, const QString& name) {
    for (QChartView* v : {lossView_, accView_}) {
        QChart* chart = v->chart();
        auto* line = makeSeries(chart, name, palette().color(QPalette::Mid), Qt::DotLine, 1);
        attach(chart, line);
        line->setProperty("boundaryX", x);
        for (QLegendMarker* m : chart->legend()->markers(line)) m->setVisible(false);
        boundaryLines_ << line;
        auto* label = new QGraphicsSimpleTextItem(name, chart);
        label->setBrush(palette().color(QPalette::Text));
        label->setData(0, x);
        labels_ << label;
    }
}

void CurvesPanel::addEpoch(const EpochPoint& p) {
    const double offset = stageOffset(p.stage);
    const double x = offset + p.epoch;
    nextOffset_ = qMax(nextOffset_, x);
    points_.append(p);
    trainLoss_->append(x, p.trainLoss);
    validLoss_->append(x, p.validLoss);
    trainAcc_->append(x, p.trainAcc * 100);
    validAcc_->append(x, p.validAcc * 100);
    rescale();
}

void CurvesPanel::addBatchLoss(const QString& stage, int epoch, double fraction, double loss) {
    if (!std::isfinite(loss)) return;
    const double x = stageOffset(stage) + (epoch - 1) + fraction;
    // An exponential moving average: the per-batch loss is noisy and the trend is what matters.
    smoothed_ = smoothed_ < 0 ? loss : 0.8 * smoothed_ + 0.2 * loss;
    batchLoss_->append(x, smoothed_);
    rescale();
}

QColor CurvesPanel::overlayColor(int run) {
    // Distinct from this run's blue and orange (matplotlib's tab10 without them).
    static const QColor colors[] = {{44, 160, 44},  {214, 39, 40},   {148, 103, 189},
                                    {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
                                    {188, 189, 34}, {23, 190, 207}};
    return colors[qMax(0, run) % int(std::size(colors))];
}

void CurvesPanel::setComparisons(const QVector<CurveOverlay>& runs) {
    for (QLineSeries* s : compareLoss_ + compareAcc_) {
        s->chart()->removeSeries(s);
        delete s;
    }
    compareLoss_.clear();
    compareAcc_.clear();
    comparisonLabels_.clear();
    for (int i = 0; i < runs.size(); ++i) {
        QVector<QPointF> loss, acc;
        double offset = 0, x = 0;
        QString stage;
        for (const EpochPoint& p : runs[i].points) {
            if (p.stage != stage) {  // a new stage continues after the last epoch, as addEpoch
                stage = p.stage;
                offset = x;
            }
            x = qMax(x, offset + p.epoch);
            loss << QPointF(offset + p.epoch, p.validLoss);
            acc << QPointF(offset + p.epoch, p.validAcc * 100);
        }
        const QString name = tr("%1 valid").arg(runs[i].label);
        QChart* lc = lossView_->chart();
        QChart* ac = accView_->chart();
        compareLoss_ << makeSeries(lc, name, overlayColor(i), Qt::DotLine, 2);
        compareAcc_ << makeSeries(ac, name, overlayColor(i), Qt::DotLine, 2);
        attach(lc, compareLoss_.last());
        attach(ac, compareAcc_.last());
        compareLoss_.last()->replace(loss);
        compareAcc_.last()->replace(acc);
        comparisonLabels_ << runs[i].label;
    }
    rescale();
}

void CurvesPanel::clearComparison() { setComparisons({}); }

QVector<QPointF> CurvesPanel::comparisonSeries(int run, const QString& name) const {
    const QList<QLineSeries*>& list = name == QLatin1String("validLoss")  ? compareLoss_
                                      : name == QLatin1String("validAcc") ? compareAcc_
                                                                          : QList<QLineSeries*>();
    return run >= 0 && run < list.size() ? list[run]->points() : QVector<QPointF>{};
}

QVector<QPointF> CurvesPanel::series(const QString& name) const {
    const QLineSeries* s = name == QLatin1String("trainLoss")   ? trainLoss_
                           : name == QLatin1String("validLoss") ? validLoss_
                           : name == QLatin1String("trainAcc")  ? trainAcc_
                           : name == QLatin1String("validAcc")  ? validAcc_
                           : name == QLatin1String("batchLoss") ? batchLoss_
                                                                : nullptr;
    return s ? s->points() : QVector<QPointF>{};  // QList and QVector are one type in Qt 6
}

QVector<double> CurvesPanel::stageBoundaries() const {
    QVector<double> out;
    for (int i = 1; i < spans_.size(); ++i) out << spans_[i].start;
    return out;
}

void CurvesPanel::rescale() {
    double xMax = qMax(1.0, nextOffset_);
    double lossMax = 0.1;
    for (const QLineSeries* s :
         compareLoss_ + QList<QLineSeries*>{trainLoss_, validLoss_, batchLoss_})
        for (const QPointF& pt : s->points()) {
            lossMax = qMax(lossMax, pt.y());
            xMax = qMax(xMax, pt.x());
        }
    double accMin = 100;
    for (const QLineSeries* s : compareAcc_ + QList<QLineSeries*>{trainAcc_, validAcc_})
        for (const QPointF& pt : s->points()) {
            accMin = qMin(accMin, pt.y());
            xMax = qMax(xMax, pt.x());
        }
    accMin = accMin >= 100 ? 0 : qMax(0.0, std::floor(accMin / 10) * 10 - 5);
    const double yMax[2] = {lossMax * 1.1, 100};
    const double yMin[2] = {0, accMin};
    int i = 0;
    for (QChartView* v : {lossView_, accView_}) {
        QChart* c = v->chart();
        auto* x = static_cast<QValueAxis*>(c->axes(Qt::Horizontal).first());
        x->setRange(0, std::ceil(xMax));
        x->setTickInterval(std::max(1.0, std::ceil(xMax / 10)));
        c->axes(Qt::Vertical).first()->setRange(yMin[i], yMax[i]);
        ++i;
    }
    for (QLineSeries* line : boundaryLines_) {
        const double x = line->property("boundaryX").toDouble();
        const bool isLoss = line->chart() == lossView_->chart();
        line->replace(
            {QPointF(x, isLoss ? yMin[0] : yMin[1]), QPointF(x, isLoss ? yMax[0] : yMax[1])});
    }
    placeLabels();
}

void CurvesPanel::placeLabels() {
    for (QGraphicsSimpleTextItem* label : labels_) {
        auto* chart = static_cast<QChart*>(label->parentItem());
        const QRectF area = chart->plotArea();
        const QPointF at = chart->mapToPosition(QPointF(label->data(0).toDouble(), 0));
        label->setPos(at.x() + 3, area.top() + 2);
    }
}
