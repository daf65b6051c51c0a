// TrainingPanel and the status bar's JobStatus: settings round-trip, stage table rows,
// Start/Stop state, progress text with images/s and ETA.
#include <QCheckBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "job_status.h"
#include "training_panel.h"
#include "test_support.h"

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void settingsRoundTrip() {
        TrainingPanel panel;
        TrainingSettings s;
        s.optimizer = "sgd";
        s.lr = 0.01;
        s.epochs = 5;
        s.batchSize = 32;
        s.seed = 7;
        s.augment = true;
        s.stages = {"last", "dense"};
        panel.setSettings(s);
        const TrainingSettings r = panel.settings();
        QCOMPARE(r.optimizer, QString("sgd"));
        QCOMPARE(r.lr, 0.01);
        QCOMPARE(r.epochs, 5);
        QCOMPARE(r.batchSize, 32);
        QCOMPARE(r.seed, quint64(7));
        QVERIFY(r.augment);
        QCOMPARE(r.stages, (QStringList{"last", "dense"}));
        panel.selectStage("conv");
        QCOMPARE(panel.settings().stages, QStringList{"conv"});
        QVERIFY(panel.settings().augment);  // conv trains with augmentation by default
    }
    void stageTableAndButtons() {
        TrainingPanel panel;
        panel.show();
        QSignalSpy start(&panel, &TrainingPanel::startRequested);
        QSignalSpy stop(&panel, &TrainingPanel::stopRequested);
        QVERIFY(!panel.stopButton()->isEnabled());
        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
        QCOMPARE(start.count(), 1);
        panel.setRunning(true);
        QVERIFY(!panel.startButton()->isEnabled());
        QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
        QCOMPARE(stop.count(), 1);
        panel.addStage({"linear", 2002, 3, 1.5, 0.97, 0.9765, 0.071, {}});
        panel.addStage({"last", 2050, 3, 2.0, 0.99, 0.98, 0.05, "a note"});
        panel.setBestStage(1);
        QTableWidget* t = panel.stageTable();
        QCOMPARE(t->rowCount(), 2);
        QCOMPARE(t->item(0, 0)->text(), QString("linear"));
        QCOMPARE(t->item(0, 5)->text(), QString("97.65%"));
        QCOMPARE(t->item(1, 6)->text(), QString("0.0500"));
        QVERIFY(t->item(1, 0)->font().bold());
        QVERIFY(!t->item(0, 0)->font().bold());
        QCOMPARE(t->item(1, 0)->toolTip(), QString("a note"));
    }
    void jobStatusShowsRateAndEta() {
        JobStatus status;
        status.show();
        QSignalSpy cancel(&status, &JobStatus::cancelRequested);
        QVERIFY(!status.isBusy());
        status.setJob("train linear");
        QVERIFY(status.isBusy());
        status.setProgress({"extract train", 250, 1000, 125.0, 6.0});
        QCOMPARE(status.progressBar()->value(), 250);
        QCOMPARE(status.jobLabel()->text(), QString("extract train"));
        QVERIFY(status.rateLabel()->text().contains("125.0 images/s"));
        QVERIFY(status.rateLabel()->text().contains("ETA 6 s"));
        QCOMPARE(JobStatus::formatDuration(65), QString("1 min 05 s"));
        QTest::mouseClick(status.findChild<QWidget*>("jobCancel"), Qt::LeftButton);
        QCOMPARE(cancel.count(), 1);
        status.setIdle();
        QVERIFY(!status.progressBar()->isVisible());
    }
};

FEATURELAB_TEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
