// Probability bar painting.
#include "probability_bars.h"

#include <QPainter>
#include <algorithm>

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void ProbabilityBars::setBars(const QVector<QPair<QString, double>>& bars, const QString& highlight,
                              int maxBars) {
    bars_ = bars;
    std::stable_sort(bars_.begin(), bars_.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (bars_.size() > maxBars) bars_.resize(maxBars);
    highlight_ = highlight;
    updateGeometry();
    update();
}

void ProbabilityBars::setPlaceholder(const QString& text) {
    bars_.clear();
    placeholder_ = text;
    updateGeometry();
    update();
}

QSize ProbabilityBars::sizeHint() const {
    const int rows = qMax(1, int(bars_.size()));
    return {260, rows * (fontMetrics().height() + 4) + 4};
}
QSize ProbabilityBars::minimumSizeHint() const { return {120, sizeHint().height()}; }

void ProbabilityBars::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    if (bars_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldFm(bold);  // the highlighted label is bold, so measure bold
    int labelW = 0;
    for (const auto& b : bars_) labelW = qMax(labelW, boldFm.horizontalAdvance(b.first));
    labelW = qMin(labelW, width() / 2) + 6;
    const int valueW = fm.horizontalAdvance(QStringLiteral("100.0%")) + 6;
    const int rowH = fm.height() + 4;
    const int barW = qMax(10, width() - labelW - valueW);
    for (int i = 0; i < bars_.size(); ++i) {
        const int y = i * rowH + 2;
        const auto& b = bars_[i];
        const bool hi = b.first == highlight_;
        QFont f = font();
        f.setBold(hi);
        p.setFont(f);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(0, y, labelW - 6, rowH), Qt::AlignRight | Qt::AlignVCenter,
                   (hi ? boldFm : fm).elidedText(b.first, Qt::ElideRight, labelW - 6));
        const QRect bar(labelW, y + 2, int(barW * qBound(0.0, b.second, 1.0)), rowH - 4);
        p.fillRect(bar,
                   hi ? QColor(33, 102, 172) : palette().color(QPalette::Highlight).lighter(130));
        p.drawText(QRect(labelW + barW + 4, y, valueW, rowH), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1%").arg(b.second * 100, 0, 'f', 1));
    }
}
