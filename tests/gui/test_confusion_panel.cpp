// ConfusionPanel: counts and row percentages painted at 2 classes, still laid out at 50,
// clicking a cell emits (true, predicted), CSV/PNG export.
#include <QFile>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "confusion_panel.h"
#include "confusion_view.h"
#include "test_support.h"

class TestConfusionPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoClassesReadableAndClickable() {
        ConfusionPanel panel;
        panel.resize(400, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix({"cats", "dogs"}, {{90, 10}, {5, 95}});
        ConfusionView* v = panel.view();
        QCOMPARE(v->cellText(0, 1), QString("10\n10%"));
        QCOMPARE(v->cellText(1, 1), QString("95\n95%"));
        QVERIFY(panel.accuracyLabel()->text().contains("92.50%"));
        // The diagonal is painted darker than an error cell of the same row.
        const QImage img = v->grab().toImage();
        const QRect diag = v->cellRect(0, 0), off = v->cellRect(0, 1);
        const QColor a(img.pixel(diag.left() + 3, diag.top() + 3)),
            b(img.pixel(off.left() + 3, off.top() + 3));
        QVERIFY2(a.lightness() < b.lightness(),
                 qPrintable(QString("%1 vs %2").arg(a.lightness()).arg(b.lightness())));
        QSignalSpy spy(&panel, &ConfusionPanel::cellClicked);
        QTest::mouseClick(v, Qt::LeftButton, Qt::NoModifier, v->cellRect(1, 0).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first()[0].toInt(), 1);
        QCOMPARE(spy.first()[1].toInt(), 0);
        QCOMPARE(v->selectedCell(), QPoint(1, 0));
    }
    void fiftyClassesStayLaidOut() {
        QStringList classes;
        QVector<QVector<qint64>> counts(50, QVector<qint64>(50, 1));
        for (int i = 0; i < 50; ++i) {
            classes << QString("class_with_a_long_name_%1").arg(i);
            counts[i][i] = 40;
        }
        ConfusionPanel panel;
        panel.resize(500, 500);
        panel.show();
        panel.setMatrix(classes, counts);
        ConfusionView* v = panel.view();
        QVERIFY(v->cellRect(0, 0).width() >= 24);  // never below the readable minimum
        QCOMPARE(v->rowFraction(3, 3), 40.0 / 89.0);
        // Cells do not overlap: the last cell lies right of and below the first.
        QVERIFY(v->cellRect(49, 49).left() >= v->cellRect(0, 0).right());
        QCOMPARE(v->cellAt(v->cellRect(17, 42).center()), QPoint(17, 42));
        // Even at the minimum cell size, counts are painted (in a smaller font).
        QCOMPARE(v->cellText(3, 3), QString("40"));
        QCOMPARE(v->cellText(3, 4), QString("1"));
    }
    void exports() {
        ConfusionPanel panel;
        panel.resize(300, 300);
        panel.show();
        panel.setMatrix({"a", "b", "c"}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        QTemporaryDir dir;
        QVERIFY(panel.exportCsv(dir.filePath("cm.csv")));
        QFile f(dir.filePath("cm.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()),
                 QString("true\\predicted,a,b,c\na,1,2,3\nb,4,5,6\nc,7,8,9\n"));
        QVERIFY(panel.exportPng(dir.filePath("cm.png")));
        QVERIFY(!QImage(dir.filePath("cm.png")).isNull());
    }
};

FEATURELAB_TEST_MAIN(TestConfusionPanel)
#include "test_confusion_panel.moc"
