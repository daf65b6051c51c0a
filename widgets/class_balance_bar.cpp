// Class-balance bar painting.
#include "class_balance_bar.h"

#include <QPainter>
#include <numeric>

ClassBalanceBar::ClassBalanceBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ClassBalanceBar::setCounts(const QStringList& classes, const QVector<qint64>& counts) {
    classes_ = classes;
    counts_ = counts;
    QStringList tips;
    const auto f = fractions();
    for (int i = 0; i < classes_.size() && i < f.size(); ++i)
        tips << tr("%1: %2 images (%3%)")
                    .arg(classes_[i])
                    .arg(counts_[i])
                    .arg(f[i] * 100, 0, 'f', 1);
    setToolTip(tips.join(QLatin1Char('\n')));
    update();
}

QVector<double> ClassBalanceBar::fractions() const {
    const qint64 total = std::accumulate(counts_.begin(), counts_.end(), qint64{0});
    QVector<double> out;
    if (total <= 0) return out;
    for (qint64 c : counts_) out << double(c) / double(total);
    return out;
}

QColor ClassBalanceBar::classColor(int i) {
    // Golden-angle hue steps keep neighbouring classes apart even at 50 classes.
    const int hue = int(i * 137.508) % 360;
    return QColor::fromHsv(hue, 150, 210);
}

QSize ClassBalanceBar::sizeHint() const { return {240, fontMetrics().height() + 10}; }
QSize ClassBalanceBar::minimumSizeHint() const { return {60, fontMetrics().height() + 10}; }

void ClassBalanceBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRectF r = rect().adjusted(0, 0, -1, -1);
    const auto f = fractions();
    if (f.isEmpty()) {
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(r);
        return;
    }
    double x = r.left();
    for (int i = 0; i < f.size(); ++i) {
        const double w = f[i] * r.width();
        const QRectF seg(x, r.top(), w, r.height());
        p.fillRect(seg, classColor(i));
        const QString label =
            QStringLiteral("%1 %2%").arg(classes_.value(i)).arg(f[i] * 100, 0, 'f', 0);
        if (p.fontMetrics().horizontalAdvance(label) + 6 < w) {
            p.setPen(Qt::black);  // segments are light in both palettes
            p.drawText(seg, Qt::AlignCenter, label);
        }
        x += w;
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r);
}
