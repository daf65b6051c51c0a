// Curves panel exports: CSV of the per-epoch points, PNG of both charts, and a small SVG.
#include <QChartView>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSplitter>
#include <QTextStream>

#include "curves_panel.h"

bool CurvesPanel::exportCsv(const QString& file) const {
    // QSaveFile: a failed export leaves the previous file as it was, never half a file.
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    QTextStream out(&f);
    out << "stage,epoch,train_loss,train_acc,valid_loss,valid_acc\n";
    for (const EpochPoint& p : points_)
        out << p.stage << ',' << p.epoch << ',' << p.trainLoss << ',' << p.trainAcc << ','
            << p.validLoss << ',' << p.validAcc << '\n';
    out.flush();
    return out.status() == QTextStream::Ok && f.commit();
}

bool CurvesPanel::exportPng(const QString& file) {
    const QPixmap a = lossView_->grab();
    const QPixmap b = accView_->grab();
    // Same arrangement as on screen: side by side in a wide panel, stacked in a tall one.
    const bool wide = split_->orientation() == Qt::Horizontal;
    QImage img(wide ? a.width() + b.width() : qMax(a.width(), b.width()),
               wide ? qMax(a.height(), b.height()) : a.height() + b.height(),
               QImage::Format_ARGB32);
    img.fill(palette().color(QPalette::Window));
    QPainter p(&img);
    p.drawPixmap(0, 0, a);
    p.drawPixmap(wide ? a.width() : 0, wide ? 0 : a.height(), b);
    p.end();
    QSaveFile f(file);
    return f.open(QIODevice::WriteOnly) && img.save(&f, "PNG") && f.commit();
}

namespace {
struct SvgSeries {
    QString name;
    QString color;
    QVector<QPointF> points;
    bool dashed = false;
};

// One chart as an SVG group: frame, axis ranges, stage boundaries and polylines.
void writeChart(QTextStream& out, const QString& title, double top,
                const QVector<SvgSeries>& series, const QVector<double>& boundaries) {
    const double left = 50, width = 540, height = 220;
    double xMax = 1, yMin = 1e300, yMax = -1e300;
    for (const SvgSeries& s : series)
        for (const QPointF& p : s.points) {
            xMax = qMax(xMax, p.x());
            yMin = qMin(yMin, p.y());
            yMax = qMax(yMax, p.y());
        }
    if (yMin > yMax) yMin = 0, yMax = 1;
    if (yMax - yMin < 1e-9) yMax = yMin + 1;
    auto X = [&](double x) { return left + x / xMax * width; };
    auto Y = [&](double y) { return top + height - (y - yMin) / (yMax - yMin) * height; };
    out << QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"14\">%3</text>\n")
               .arg(left)
               .arg(top - 6)
               .arg(title.toHtmlEscaped());
    out << QStringLiteral(
               "<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" "
               "stroke=\"#888\"/>\n")
               .arg(left)
               .arg(top)
               .arg(width)
               .arg(height);
    out << QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"10\">%2</text>\n")
               .arg(top + 10)
               .arg(yMax, 0, 'g', 4);
    out << QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"10\">%2</text>\n")
               .arg(top + height)
               .arg(yMin, 0, 'g', 4);
    for (double b : boundaries)
        out << QStringLiteral(
                   "<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#999\" "
                   "stroke-dasharray=\"2,3\"/>\n")
                   .arg(X(b))
                   .arg(top)
                   .arg(top + height);
    int legend = 0;
    for (const SvgSeries& s : series) {
        QStringList pts;
        for (const QPointF& p : s.points)
            pts << QStringLiteral("%1,%2").arg(X(p.x()), 0, 'f', 1).arg(Y(p.y()), 0, 'f', 1);
        out << QStringLiteral(
                   "<polyline fill=\"none\" stroke=\"%1\" stroke-width=\"2\"%2 points=\"%3\"/>\n")
                   .arg(s.color, s.dashed ? QStringLiteral(" stroke-dasharray=\"6,3\"") : QString(),
                        pts.join(QLatin1Char(' ')));
        out << QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" fill=\"%3\">%4</text>\n")
                   .arg(left + width + 8)
                   .arg(top + 14 + 14 * legend++)
                   .arg(s.color, s.name.toHtmlEscaped());
    }
}
}  // namespace

bool CurvesPanel::exportSvg(const QString& file) const {
    // QSaveFile: a failed export leaves the previous file as it was, never half a file.
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    QTextStream out(&f);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"540\">\n"
           "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    const auto b = stageBoundaries();
    QVector<SvgSeries> loss = {
        {tr("batch loss (smoothed)"), QStringLiteral("#969696"),
         series(QStringLiteral("batchLoss"))},
        {tr("train"), QStringLiteral("#1f77b4"), series(QStringLiteral("trainLoss"))},
        {tr("valid"), QStringLiteral("#ff7f0e"), series(QStringLiteral("validLoss")), true}};
    QVector<SvgSeries> acc = {
        {tr("train"), QStringLiteral("#1f77b4"), series(QStringLiteral("trainAcc"))},
        {tr("valid"), QStringLiteral("#ff7f0e"), series(QStringLiteral("validAcc")), true}};
    for (int i = 0; i < comparisonLabels_.size(); ++i) {
        const QString name = tr("%1 valid").arg(comparisonLabels_[i]);
        const QString color = overlayColor(i).name();
        loss.append({name, color, comparisonSeries(i, QStringLiteral("validLoss")), true});
        acc.append({name, color, comparisonSeries(i, QStringLiteral("validAcc")), true});
    }
    writeChart(out, tr("Loss"), 30, loss, b);
    writeChart(out, tr("Accuracy (%)"), 290, acc, b);
    out << "</svg>\n";
    out.flush();
    return out.status() == QTextStream::Ok && f.commit();
}
