// CurvesPanel: epochs become points on a continuing x axis, stage boundaries are marked, the
// batch loss is smoothed, and the three exports write what is plotted.
#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include "curves_panel.h"
#include "test_support.h"

class TestCurvesPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plotsEpochsAcrossStages() {
        CurvesPanel panel;
        panel.resize(500, 500);
        panel.show();
        for (int e = 1; e <= 3; ++e)
            panel.addEpoch({"linear", e, 3, 1.0 / e, 0.6 + 0.1 * e, 1.2 / e, 0.55 + 0.1 * e});
        panel.addBatchLoss("last", 1, 0.5, 0.4);
        panel.addBatchLoss("last", 1, 1.0, 0.2);
        panel.addEpoch({"last", 1, 2, 0.3, 0.95, 0.35, 0.9});
        const auto tl = panel.series("trainLoss");
        QCOMPARE(tl.size(), 4);
        QCOMPARE(tl[0], QPointF(1, 1.0));
        QCOMPARE(tl[3].x(), 4.0);  // the second stage continues after epoch 3
        const auto va = panel.series("validAcc");
        QVERIFY(qAbs(va[2].y() - 85.0) < 1e-9);
        QCOMPARE(panel.stageBoundaries(), QVector<double>{3.0});
        const auto bl = panel.series("batchLoss");
        QCOMPARE(bl.size(), 2);
        QCOMPARE(bl[0], QPointF(3.5, 0.4));
        QVERIFY(qAbs(bl[1].y() - (0.8 * 0.4 + 0.2 * 0.2)) < 1e-9);  // smoothed, not raw
        panel.clear();
        QVERIFY(panel.series("trainLoss").isEmpty());
        QVERIFY(panel.stageBoundaries().isEmpty());
    }
    // A dark platform palette reaches the charts, which otherwise paint Qt Charts' light theme.
    void followsThePalette() {
        CurvesPanel panel;
        panel.resize(400, 300);
        panel.addEpoch({"linear", 1, 2, 0.5, 0.8, 0.6, 0.75});
        panel.addEpoch({"last", 1, 2, 0.4, 0.85, 0.5, 0.8});  // a boundary label too
        QPalette dark = panel.palette();
        dark.setColor(QPalette::Window, QColor(30, 30, 30));
        dark.setColor(QPalette::Base, QColor(20, 20, 20));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::Mid, QColor(90, 90, 90));
        panel.setPalette(dark);
        for (QChartView* v : {panel.lossView(), panel.accuracyView()}) {
            QCOMPARE(v->chart()->backgroundBrush().color(), QColor(20, 20, 20));
            QCOMPARE(v->chart()->legend()->labelColor(), QColor(230, 230, 230));
            for (QAbstractAxis* a : v->chart()->axes())
                QCOMPARE(a->labelsBrush().color(), QColor(230, 230, 230));
        }
        // What the user sees: the plot's background pixels are dark, not white.
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QImage shot = panel.lossView()->grab().toImage();
        const QRectF plot = panel.lossView()->chart()->plotArea();
        const QColor inside = shot.pixelColor(int(plot.left()) + 3, int(plot.bottom()) - 3);
        QVERIFY2(inside.lightness() < 80, qPrintable(inside.name()));
    }
    // Other runs' valid curves lie with this one's, one colour each, continue across their
    // stages, widen the axes when they are longer, and survive clear() (a new run is compared
    // against them).
    void comparesWithOtherRuns() {
        CurvesPanel panel;
        panel.resize(500, 400);
        panel.show();
        panel.addEpoch({"linear", 1, 2, 0.5, 0.8, 0.6, 0.75});
        panel.addEpoch({"linear", 2, 2, 0.4, 0.85, 0.5, 0.8});
        const QVector<EpochPoint> other = {{"linear", 1, 2, 0.6, 0.7, 0.7, 0.65},
                                           {"linear", 2, 2, 0.5, 0.75, 0.6, 0.7},
                                           {"last", 1, 2, 0.3, 0.9, 0.4, 0.88},
                                           {"last", 2, 2, 0.2, 0.95, 0.3, 0.9}};
        const QVector<EpochPoint> third = {{"linear", 1, 1, 0.9, 0.6, 0.8, 0.55}};
        panel.setComparisons({{"run-a", other}, {"run-b", third}});
        const auto acc = panel.comparisonSeries(0, "validAcc");
        QCOMPARE(acc.size(), 4);
        QCOMPARE(acc[2], QPointF(3, 88.0));  // 'last' starts after linear's two epochs
        QCOMPARE(panel.comparisonSeries(0, "validLoss")[3], QPointF(4, 0.3));
        QCOMPARE(panel.comparisonSeries(1, "validAcc"), QVector<QPointF>{QPointF(1, 55.0)});
        QVERIFY(panel.comparisonSeries(2, "validAcc").isEmpty());
        QCOMPARE(panel.comparisonLabels(), QStringList({"run-a", "run-b"}));
        QVERIFY(CurvesPanel::overlayColor(0) != CurvesPanel::overlayColor(1));
        auto* x = static_cast<QValueAxis*>(panel.accuracyView()->chart()->axes(Qt::Horizontal)[0]);
        QVERIFY(x->max() >= 4);
        auto* y = static_cast<QValueAxis*>(panel.accuracyView()->chart()->axes(Qt::Vertical)[0]);
        QVERIFY(y->min() <= 55);  // the lowest compared point is in view
        QTemporaryDir dir;
        QVERIFY(panel.exportSvg(dir.filePath("c.svg")));
        QFile svg(dir.filePath("c.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(svg.readAll());
        QCOMPARE(text.count("run-a valid"), 2);
        QCOMPARE(text.count("run-b valid"), 2);
        QVERIFY(text.contains(CurvesPanel::overlayColor(1).name()));
        panel.clear();
        QCOMPARE(panel.comparisonSeries(0, "validAcc").size(), 4);
        panel.setComparisons({{"run-b", third}});  // replaces, never adds up
        QCOMPARE(panel.comparisonLabels(), QStringList({"run-b"}));
        QCOMPARE(panel.lossView()->chart()->series().size(), 4);  // batch, train, valid, run-b
        panel.clearComparison();
        QVERIFY(panel.comparisonSeries(0, "validAcc").isEmpty());
        QVERIFY(panel.comparisonLabels().isEmpty());
    }
    void exports() {
        CurvesPanel panel;
        panel.resize(400, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.addEpoch({"linear", 1, 2, 0.5, 0.8, 0.6, 0.75});
        panel.addEpoch({"linear", 2, 2, 0.25, 0.9, 0.3, 0.85});
        QTemporaryDir dir;
        QVERIFY(panel.exportCsv(dir.filePath("c.csv")));
        QFile csv(dir.filePath("c.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("stage,epoch,train_loss,train_acc,valid_loss,valid_acc"));
        QCOMPARE(lines[2], QString("linear,2,0.25,0.9,0.3,0.85"));
        QVERIFY(panel.exportPng(dir.filePath("c.png")));
        const QImage png(dir.filePath("c.png"));
        QVERIFY(png.width() >= 300 && png.height() >= 300);
        QVERIFY(panel.exportSvg(dir.filePath("c.svg")));
        QFile svg(dir.filePath("c.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(svg.readAll());
        QVERIFY(text.startsWith("<?xml"));
        QCOMPARE(text.count("<polyline"), 5);
        QVERIFY(text.contains("</svg>"));
    }
};

FEATURELAB_TEST_MAIN(TestCurvesPanel)
#include "test_curves_panel.moc"
