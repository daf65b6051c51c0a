// The LR finder in the workbench: Training panel's "Find LR..." menu (one entry per stage),
// the sweep on the job lane with progress, the dialog's log-x plot with the suggestion marked,
// "Use this LR" as an override of the stage's LR cell, Stop cancelling a sweep, and a sweep
// of the last stage on real photos with the real MobileNet (the README's screenshot).
#include <QDir>
#include <QDoubleSpinBox>
#include <QLogValueAxis>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

#include "engine_bridge.h"
#include "lr_finder_dialog.h"
#include "main_window.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

class TestLrFinderGui : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    static QAction* menuEntry(TrainingPanel* panel, const QString& stage) {
        for (QAction* a : panel->findLrButton()->menu()->actions())
            if (a->text().endsWith(stage)) return a;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        qputenv("XDG_DATA_HOME", tmp_.filePath("xdg-data").toUtf8());
        qputenv("XDG_CACHE_HOME", tmp_.filePath("xdg-cache").toUtf8());
        recipedata::makeColourFolder(tmp_.filePath("data"), 16, 4, 0);
    }

    void dialogPlotsAndUsesTheSuggestion() {
        LrCurve c;
        c.stage = "last";
        for (int i = 0; i < 50; ++i) {
            c.lrs << 1e-7 * std::pow(10.0, 8.0 * i / 49);
            c.losses << 1.0 - i * 0.01;
            c.smoothed << 1.0 - i * 0.009;
        }
        c.suggested = 0.012345;
        c.method = "steepest descent";
        LrFinderDialog d(c);
        QCOMPARE(d.suggestedLr(), 0.012);  // two significant digits
        QChart* chart = d.chartView()->chart();
        QCOMPARE(chart->series().size(), 3);
        QVERIFY(!chart->axes(Qt::Horizontal).isEmpty());
        QVERIFY(qobject_cast<QLogValueAxis*>(chart->axes(Qt::Horizontal).first()));
        QSignalSpy used(&d, &LrFinderDialog::useLr);
        d.useButton()->click();
        QCOMPARE(used.size(), 1);
        QCOMPARE(used.first().at(0).toString(), QStringLiteral("last"));
        QCOMPARE(used.first().at(1).toDouble(), 0.012);
    }

    void findLrFromTheLadderSetsTheRowsLr() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(tmp_.filePath("data"));
        QVERIFY(scanned.wait(30000));
        QTRY_VERIFY(!w.bridge()->isBusy());  // scanFinished is posted from inside the job
        w.workbench()->setBackbone("resnet18@32");
        QCOMPARE(p.training->findLrButton()->menu()->actions().size(),
                 p.training->stageNames().size());
        QAction* last = menuEntry(p.training, "last");
        QVERIFY(last);

        QSignalSpy found(w.bridge(), &EngineBridge::lrFound);
        QSignalSpy progress(w.bridge(), &EngineBridge::progress);
        last->trigger();
        QVERIFY(!p.training->findLrButton()->isEnabled());  // running
        QVERIFY(found.wait(120000));
        const LrCurve curve = found.first().first().value<LrCurve>();
        QCOMPARE(curve.stage, QStringLiteral("last"));
        QVERIFY(curve.lrs.size() >= 2);
        QVERIFY(!progress.isEmpty());
        LrFinderDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = p.training->findChild<LrFinderDialog*>()) != nullptr);
        QTRY_VERIFY(p.training->findLrButton()->isEnabled());
        QVERIFY(!p.training->overrides().stages.contains("last"));
        const double lr = qBound(1e-7, dialog->suggestedLr(), 1.0);  // the cell's range
        dialog->useButton()->click();
        auto* cell = p.training->findChild<QDoubleSpinBox*>("lr_last");
        QVERIFY(std::abs(cell->value() - lr) <= 1e-12);
        // The cell is an override now, like a typed one: the next run uses it.
        QCOMPARE(p.training->overrides().stages.value("last").value("lr").toDouble(),
                 cell->value());
        const auto config = w.workbench()->runConfig({"last"}, tmp_.filePath("run"));
        QCOMPARE(config.stages.front().lr, cell->value());
    }

    void stopCancelsASweep() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(tmp_.filePath("data"));
        QVERIFY(scanned.wait(30000));
        QTRY_VERIFY(!w.bridge()->isBusy());  // scanFinished is posted from inside the job
        w.workbench()->setBackbone("resnet18@32");
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QSignalSpy found(w.bridge(), &EngineBridge::lrFound);
        QVERIFY(w.workbench()->findLr("linear"));
        w.workbench()->stop();
        QVERIFY(failed.wait(120000));
        QVERIFY(failed.first().at(2).toBool());  // cancelled
        QVERIFY(found.isEmpty());
        QTRY_VERIFY(p.training->findLrButton()->isEnabled());
    }

    // Real photos and the real MobileNet, the 'last' stage: a subset of links by default, the
    // whole folder given in FEATURELAB_LR_DATA (screenshots.sh); FEATURELAB_SCREENSHOTS_DIR
    // also writes the README's screenshot (FEATURELAB_SHOT_LANG=de: the German one).
    void realPhotosLastStage() {
        SKIP_WITHOUT_SHARED();
        QString data = qEnvironmentVariable("FEATURELAB_LR_DATA");
        if (data.isEmpty()) {
            data = tmp_.filePath("dogscats");
            QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), data, 160, 20));
        }
        QTranslator german;
        if (qEnvironmentVariable("FEATURELAB_SHOT_LANG") == "de") {
            QVERIFY(german.load(":/i18n/featurelab_de"));
            QCoreApplication::installTranslator(&german);
        }
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(60000));
        QTRY_VERIFY(!w.bridge()->isBusy());  // scanFinished is posted from inside the job
        w.workbench()->setBackbone("mobilenet_v1_0.25:" + testsupport::mobilenetWeights());
        QSignalSpy found(w.bridge(), &EngineBridge::lrFound);
        QVERIFY(w.workbench()->findLr("last"));
        QVERIFY(found.wait(300000));
        const LrCurve curve = found.first().first().value<LrCurve>();
        QVERIFY(curve.lrs.size() >= 20);
        // A new classifier on MobileNet's features: the loss falls well before LR 10, and
        // the suggestion lies where the smoothed loss still falls.
        QVERIFY2(curve.suggested > 1e-5 && curve.suggested < 1,
                 qPrintable(QString::number(curve.suggested)));
        LrFinderDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = p.training->findChild<LrFinderDialog*>()) != nullptr);
        const QString shots = qEnvironmentVariable("FEATURELAB_SCREENSHOTS_DIR");
        if (shots.isEmpty()) return;
        dialog->resize(760, 520);
        QTest::qWait(300);
        const QString lang = qEnvironmentVariable("FEATURELAB_SHOT_LANG");
        QDir().mkpath(shots);
        QVERIFY(dialog->grab().save(
            shots + "/lr_finder" + (lang.isEmpty() ? QString() : "_" + lang) + ".png", "PNG"));
    }
};

FEATURELAB_TEST_MAIN(TestLrFinderGui)
#include "test_lr_finder_gui.moc"
