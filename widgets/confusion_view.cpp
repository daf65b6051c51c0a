// Confusion heat map painting and hit testing.
#include "confusion_view.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace {
constexpr int kMinCell = 24;    // at 50 classes the view scrolls rather than shrinking further
constexpr int kMaxLabel = 110;  // long class names are elided to this many pixels
}  // namespace

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionView::setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& counts) {
    classes_ = classes;
    counts_ = counts;
    selected_ = {-1, -1};
    updateGeometry();
    update();
}

double ConfusionView::rowFraction(int t, int p) const {
    if (t < 0 || t >= counts_.size()) return 0;
    qint64 total = 0;
    for (qint64 c : counts_[t]) total += c;
    return total > 0 ? double(counts_[t].value(p)) / double(total) : 0;
}

int ConfusionView::labelMargin() const {
    int w = 0;
    for (const QString& c : classes_) w = qMax(w, fontMetrics().horizontalAdvance(c));
    return qMin(w, kMaxLabel) + 8;
}

int ConfusionView::cellSize() const {
    const int n = qMax(1, int(classes_.size()));
    const int m = labelMargin();
    const int avail = qMin(width() - m, height() - m);
    return qMax(kMinCell, avail / n);
}

QRect ConfusionView::gridRect() const {
    const int n = classes_.size();
    const int m = labelMargin();
    return QRect(m, m, cellSize() * n, cellSize() * n);
}

QRect ConfusionView::cellRect(int t, int p) const {
    const QRect g = gridRect();
    const int s = cellSize();
    return QRect(g.left() + p * s, g.top() + t * s, s, s);
}

QPoint ConfusionView::cellAt(const QPoint& pos) const {
    const QRect g = gridRect();
    if (!g.contains(pos) || classes_.isEmpty()) return {-1, -1};
    const int s = cellSize();
    const int p = (pos.x() - g.left()) / s, t = (pos.y() - g.top()) / s;
    if (t >= classes_.size() || p >= classes_.size()) return {-1, -1};
    return {t, p};
}

QFont ConfusionView::cellFont() const {
    // Small cells (many classes) get a smaller font so counts stay visible.
    QFont f = font();
    if (cellSize() < 2 * fontMetrics().height() + 4) f.setPointSizeF(f.pointSizeF() * 0.8);
    return f;
}

QString ConfusionView::cellText(int t, int p) const {
    const int s = cellSize();
    const qint64 count = counts_.value(t).value(p);
    const QFontMetrics fm(cellFont());
    const QString pct = QStringLiteral("%1%").arg(rowFraction(t, p) * 100, 0, 'f', 0);
    if (s >= 2 * fm.height() + 4 && s >= fm.horizontalAdvance(QString::number(count)) + 4)
        return QString::number(count) + QLatin1Char('\n') + pct;
    if (s >= fm.height() && s >= fm.horizontalAdvance(QString::number(count)) + 2)
        return QString::number(count);
    return {};
}

void ConfusionView::setSelectedCell(int t, int p) {
    selected_ = {t, p};
    update();
}

QSize ConfusionView::sizeHint() const {
    const int n = qMax(2, int(classes_.size()));
    return {labelMargin() + n * qMax(kMinCell, 48), labelMargin() + n * qMax(kMinCell, 48)};
}

QSize ConfusionView::minimumSizeHint() const {
    const int n = qMax(1, int(classes_.size()));
    return {labelMargin() + n * kMinCell, labelMargin() + n * kMinCell};
}

void ConfusionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::TextAntialiasing);
    const int n = classes_.size();
    if (n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No evaluation yet"));
        return;
    }
    const QRect g = gridRect();
    const int s = cellSize();
    const QFontMetrics fm = fontMetrics();
    for (int t = 0; t < n; ++t) {
        for (int q = 0; q < n; ++q) {
            const QRect r = cellRect(t, q);
            const double f = rowFraction(t, q);
            // Diagonal cells in blue, errors in red: mistakes stand out even when rare.
            const QColor base = t == q ? QColor(33, 102, 172) : QColor(202, 0, 32);
            // Blend from the palette's base colour, so empty cells match light and dark themes.
            const QColor empty = palette().color(QPalette::Base);
            const QColor c = QColor::fromRgbF(empty.redF() + (base.redF() - empty.redF()) * f,
                                              empty.greenF() + (base.greenF() - empty.greenF()) * f,
                                              empty.blueF() + (base.blueF() - empty.blueF()) * f);
            p.fillRect(r, c);
            const QString text = cellText(t, q);
            if (!text.isEmpty()) {
                p.setFont(cellFont());
                p.setPen(c.lightnessF() < 0.5 ? Qt::white : Qt::black);
                p.drawText(r, Qt::AlignCenter, text);
            }
        }
    }
    p.setFont(font());
    p.setPen(palette().color(QPalette::Mid));
    for (int i = 0; i <= n; ++i) {
        p.drawLine(g.left(), g.top() + i * s, g.right() + 1, g.top() + i * s);
        p.drawLine(g.left() + i * s, g.top(), g.left() + i * s, g.bottom() + 1);
    }
    if (selected_.x() >= 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.drawRect(cellRect(selected_.x(), selected_.y()).adjusted(1, 1, -1, -1));
    }
    // Labels: true classes down the left, predicted classes rotated along the top; skipped
    // when a row is thinner than the font.
    p.setPen(palette().color(QPalette::Text));
    if (s >= fm.height() - 2) {
        for (int i = 0; i < n; ++i) {
            const QString name = fm.elidedText(classes_[i], Qt::ElideRight, kMaxLabel);
            p.drawText(QRect(0, g.top() + i * s, g.left() - 4, s),
                       Qt::AlignRight | Qt::AlignVCenter, name);
            p.save();
            p.translate(g.left() + i * s + s / 2 + fm.ascent() / 2, g.top() - 4);
            p.rotate(-90);
            p.drawText(0, 0, name);
            p.restore();
        }
    }
}

void ConfusionView::mousePressEvent(QMouseEvent* event) {
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.x() < 0) return;
    setSelectedCell(cell.x(), cell.y());
    Q_EMIT cellClicked(cell.x(), cell.y());
}

bool ConfusionView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint c = cellAt(help->pos());
        if (c.x() >= 0)
            QToolTip::showText(help->globalPos(),
                               tr("true %1, predicted %2: %3 images (%4% of the row)")
                                   .arg(classes_[c.x()], classes_[c.y()])
                                   .arg(counts_.value(c.x()).value(c.y()))
                                   .arg(rowFraction(c.x(), c.y()) * 100, 0, 'f', 1),
                               this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}
