// InspectorPanel: shows the image, path, labels, per-class probabilities and the ImageNet
// top-5 of the current image only; arrow keys ask to step.
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "gui_test_util.h"
#include "inspector_panel.h"
#include "probability_bars.h"
#include "test_support.h"

class TestInspectorPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsEverything() {
        QTemporaryDir dir;
        const QStringList paths = guitest::writeImages(dir.path(), 2, 300, 200);
        InspectorPanel panel;
        panel.resize(700, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        PredictionItem item;
        item.path = paths[1];
        item.displayPath = "valid/dogs/img_00001.jpg";
        item.trueLabel = 1;
        item.predicted = 0;
        item.probs = {0.7f, 0.2f, 0.1f};
        panel.showItem(item, {"cats", "dogs", "owls"});
        QCOMPARE(panel.image().size(), QSize(300, 200));
        QVERIFY(panel.pathLabel()->text().endsWith("img_00001.jpg"));
        QVERIFY(panel.labelsLabel()->text().contains("True: <b>dogs</b>"));
        QVERIFY(panel.labelsLabel()->text().contains(">cats<"));
        const auto bars = panel.classBars()->bars();
        QCOMPARE(bars.size(), 3);
        QCOMPARE(bars[0].first, QString("cats"));  // sorted by probability
        QVERIFY(qAbs(bars[0].second - 0.7) < 1e-6);
        QCOMPARE(bars[2].first, QString("owls"));

        panel.setImageNetTop("/some/other.jpg", {{"tabby", 0.9}});
        QVERIFY(panel.imageNetBars()->bars().isEmpty());  // a late answer for another image
        panel.setImageNetTop(paths[1], {{"Egyptian cat", 0.4}, {"tabby", 0.5}, {"lynx", 0.05}});
        QCOMPARE(panel.imageNetBars()->bars().size(), 3);
        QCOMPARE(panel.imageNetBars()->bars()[0].first, QString("tabby"));

        QSignalSpy step(&panel, &InspectorPanel::stepRequested);
        QTest::keyClick(&panel, Qt::Key_Right);
        QTest::keyClick(&panel, Qt::Key_Left);
        QCOMPARE(step.count(), 2);
        QCOMPARE(step[0][0].toInt(), 1);
        QCOMPARE(step[1][0].toInt(), -1);
        panel.clear();
        QVERIFY(panel.currentPath().isEmpty());
    }
};

FEATURELAB_TEST_MAIN(TestInspectorPanel)
#include "test_inspector_panel.moc"
