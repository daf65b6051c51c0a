// The LR finder's plot: raw and smoothed loss on a log LR axis, a marker at the suggestion.
#include "lr_finder_dialog.h"

#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

LrFinderDialog::LrFinderDialog(const LrCurve& curve, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("lrFinderDialog"));
    setWindowTitle(tr("LR finder: stage %1").arg(curve.stage));
    lr_ = QString::number(curve.suggested, 'g', 2).toDouble();

    auto* chart = new QChart;
    auto* raw = new QLineSeries(chart);
    raw->setName(tr("Loss"));
    auto* smooth = new QLineSeries(chart);
    smooth->setName(tr("Smoothed loss"));
    double lo = 0, hi = 0;
    for (int i = 0; i < curve.lrs.size(); ++i) {
        raw->append(curve.lrs[i], curve.losses[i]);
        smooth->append(curve.lrs[i], curve.smoothed[i]);
        lo = std::min(i ? lo : curve.losses[i], std::min(curve.losses[i], curve.smoothed[i]));
        hi = i ? std::max(hi, curve.smoothed[i]) : curve.smoothed[i];
    }
    QPen faint = raw->pen();
    faint.setColor(QColor(160, 180, 210));
    faint.setWidthF(1);
    raw->setPen(faint);
    QPen bold = smooth->pen();
    bold.setColor(QColor(31, 119, 180));
    bold.setWidthF(2.5);
    smooth->setPen(bold);
    // The suggestion: a vertical line over the smoothed curve's range, and a dot on the curve.
    auto* marker = new QLineSeries(chart);
    marker->setName(tr("Suggested LR %1").arg(QLocale().toString(lr_, 'g', 2)));
    QPen red(QColor(214, 39, 40));
    red.setWidthF(1.5);
    red.setStyle(Qt::DashLine);
    marker->setPen(red);
    // The y axis spans the losses but stops at the smoothed loss's top: the raw spikes of a
    // blown-up sweep would flatten everything else.
    const double span = std::max(hi - lo, 1e-6);
    const double yMin = std::max(0.0, lo - 0.05 * span), yMax = hi + 0.05 * span;
    for (QLineSeries* s : {raw, smooth, marker}) chart->addSeries(s);
    auto* x = new QLogValueAxis(chart);
    x->setBase(10);
    x->setLabelFormat(QStringLiteral("%.0e"));
    x->setTitleText(tr("Learning rate (log scale)"));
    if (!curve.lrs.isEmpty()) x->setRange(curve.lrs.first(), curve.lrs.last());
    auto* y = new QValueAxis(chart);
    y->setTitleText(tr("Training loss"));
    y->setRange(yMin, yMax);
    y->applyNiceNumbers();
    marker->append(curve.suggested, y->min());
    marker->append(curve.suggested, y->max());
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : {raw, smooth, marker}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    view_ = new QChartView(chart, this);
    view_->setObjectName(QStringLiteral("lrFinderChart"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumSize(560, 360);

    auto* text = new QLabel(this);
    text->setObjectName(QStringLiteral("lrFinderSummary"));
    text->setWordWrap(true);
    QString summary =
        tr("Suggested learning rate for stage %1: <b>%2</b> (%3). %4 steps from %5 "
           "to %6.")
            .arg(curve.stage, QLocale().toString(lr_, 'g', 2), curve.method)
            .arg(curve.lrs.size())
            .arg(QLocale().toString(curve.lrs.value(0), 'g', 2),
                 QLocale().toString(curve.lrs.isEmpty() ? 0 : curve.lrs.last(), 'g', 2));
    if (curve.diverged)
        summary += QLatin1Char(' ') + tr("The sweep stopped when the loss blew up.");
    summary += QLatin1Char(' ') + tr("The model's weights were not changed.");
    text->setText(summary);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    use_ = buttons->addButton(tr("Use this LR"), QDialogButtonBox::AcceptRole);
    use_->setObjectName(QStringLiteral("useLr"));
    use_->setToolTip(
        tr("Set stage %1's learning rate to %2").arg(curve.stage, QLocale().toString(lr_, 'g', 2)));
    const QString stage = curve.stage;
    connect(use_, &QPushButton::clicked, this, [this, stage] {
        Q_EMIT useLr(stage, lr_);
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_, 1);
    layout->addWidget(text);
    layout->addWidget(buttons);
}
