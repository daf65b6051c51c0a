// Stop in the workbench keeps what finished: the stopped run opens with its finished stages,
// the window offers Resume, and Resume trains the rest into the same run folder. An engine
// error with a hint becomes a message with that action's button.
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "engine_bridge.h"
#include "gui_test_util.h"
#include "main_window.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

class TestWorkbenchStop : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    QPushButton* hintButton(MainWindow& w) {
        for (QMessageBox* box : w.findChildren<QMessageBox*>("errorMessage"))
            if (auto* b = box->findChild<QPushButton*>("hintAction"); b && box->isVisible())
                return b;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_workbench_stop");
        recipedata::makeColourFolder(tmp_.filePath("data"), 8, 4, 0);
    }

    void stopKeepsFinishedStagesAndResumes() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(tmp_.filePath("data"));
        QVERIFY(scanned.wait(30000));
        w.workbench()->setBackbone("resnet18@32");
        TrainingSettings s = p.training->settings();
        s.setTicked({"linear", "last", "dense"});
        // 'last' long enough that the Stop below always lands inside it; 'linear' short, so
        // the window has few epochs to draw before last's first (each stage has its own).
        guitest::setEpochs(s, 1000, 8);
        s.stage("linear")->epochs = 2;
        p.training->setSettings(s);

        // Stop after the first epoch of the second stage: 'last' is the stage that is stopped.
        connect(w.bridge(), &EngineBridge::epochFinished, this, [&](const EpochPoint& e) {
            if (e.stage == "last" && e.epoch == 1) w.workbench()->stop();
        });
        QSignalSpy opened(w.bridge(), &EngineBridge::runOpened);
        QVERIFY(w.workbench()->start());
        QVERIFY(opened.wait(300000));
        const RecipeOutcome stopped = opened.first().first().value<RecipeOutcome>();
        QCOMPARE(stopped.stoppedDuring, QStringLiteral("last"));
        QCOMPARE(stopped.stages.size(), 1);
        QCOMPARE(stopped.plannedStages, (QStringList{"linear", "last", "dense"}));
        QVERIFY(!stopped.valid.isEmpty());
        QCOMPARE(w.workbench()->outcome().runDir, stopped.runDir);
        QCOMPARE(p.training->stageTable()->rowCount(), 1);

        // The message offers Resume; it finishes the planned stages in the same folder.
        disconnect(w.bridge(), &EngineBridge::epochFinished, this, nullptr);
        guitest::setEpochs(s, 1);  // Resume trains the remaining stages with the panel's settings
        p.training->setSettings(s);
        QTRY_VERIFY_WITH_TIMEOUT(hintButton(w) != nullptr, 60000);
        QCOMPARE(hintButton(w)->text(), QObject::tr("Resume"));
        QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QSignalSpy refused(w.workbench(), &Workbench::error);
        hintButton(w)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty() || !refused.isEmpty(),
                                 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
        QVERIFY2(refused.isEmpty(), refused.isEmpty() ? "" : qPrintable(refused[0][1].toString()));
        const RecipeOutcome done = finished.first().first().value<RecipeOutcome>();
        QCOMPARE(done.runDir, stopped.runDir);
        QCOMPARE(done.stages.size(), 3);
        QCOMPARE(done.stoppedDuring, QString());
        QCOMPARE(done.stages[0].validAcc, stopped.stages[0].validAcc);  // kept, not retrained
    }

    void hintsBecomeButtons() {
        MainWindow w;
        EngineHint hint;
        hint.action = QStringLiteral("start-at-stage");
        hint.argument = QStringLiteral("last");
        TrainingSettings s = w.panels().training->settings();
        s.setTicked({"linear", "last", "dense"});
        w.panels().training->setSettings(s);
        w.showActionableError("Cannot train", "No classifier top.", hint);
        QPushButton* b = hintButton(w);
        QVERIFY(b);
        QCOMPARE(b->text(), QObject::tr("Start at '%1'").arg("last"));
        b->click();
        QCOMPARE(w.panels().training->settings().ticked(), (QStringList{"last", "dense"}));
        // A hint this front end has no action for is a plain message.
        hint.action = QStringLiteral("show-layer-names");
        QVERIFY(Workbench::hintButtonText(hint).isEmpty());
    }
};

FEATURELAB_TEST_MAIN(TestWorkbenchStop)
#include "test_workbench_stop.moc"
