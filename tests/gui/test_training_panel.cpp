// TrainingPanel and the status bar's JobStatus: the stage ladder (defaults, round-trip, edited
// cells as overrides), stage table rows, Start/Stop state, progress text with images/s and ETA.
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include "job_status.h"
#include "test_support.h"
#include "training_panel.h"

namespace {

/// A ladder like the engine's registry, with made-up defaults (the panel must not know them).
QVector<StageDefaults> ladder() {
    auto rung = [](const QString& name, double lr, int epochs, int batch, bool augment) {
        StageDefaults d;
        d.description = name + " trains something";
        d.settings = {name, false, QStringLiteral("adam"), lr, epochs, batch, augment};
        return d;
    };
    QVector<StageDefaults> l{rung("linear", 0.01, 8, 64, false), rung("last", 1e-3, 8, 64, false),
                             rung("dense", 1e-4, 4, 64, false), rung("conv", 3e-4, 3, 32, true)};
    l[0].lrSteps = {{6, 0.1}};
    l[0].augmentable = false;
    return l;
}

}  // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /// One row per stage, prefilled with the defaults it was given; ticks and cells round-trip.
    void ladderShowsDefaultsAndRoundTrips() {
        TrainingPanel panel;
        panel.show();
        panel.setStages(ladder(), 42);
        QCOMPARE(panel.ladder()->rowCount(), 4);
        QCOMPARE(panel.stageNames(), (QStringList{"linear", "last", "dense", "conv"}));
        TrainingSettings s = panel.settings();
        QCOMPARE(s.seed, quint64(42));
        QCOMPARE(s.ticked(), QStringList{"linear"});
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(s.stages[i].stage, ladder()[i].settings.stage);
            QCOMPARE(s.stages[i].lr, ladder()[i].settings.lr);
            QCOMPARE(s.stages[i].epochs, ladder()[i].settings.epochs);
            QCOMPARE(s.stages[i].batchSize, ladder()[i].settings.batchSize);
            QCOMPARE(s.stages[i].augment, ladder()[i].settings.augment);
        }
        QVERIFY(!panel.findChild<QCheckBox*>("augment_linear")->isEnabled());
        QVERIFY(panel.overrides().stages.isEmpty());
        QVERIFY(!panel.overrides().seed.isValid());

        s.stage("last")->optimizer = "sgd";
        s.stage("dense")->epochs = 5;
        s.setTicked({"last", "dense"});
        s.seed = 7;
        panel.setSettings(s);
        const TrainingSettings r = panel.settings();
        QCOMPARE(r.ticked(), (QStringList{"last", "dense"}));
        QCOMPARE(r.stages[1].optimizer, QString("sgd"));
        QCOMPARE(r.stages[2].epochs, 5);
        QCOMPARE(r.seed, quint64(7));
        panel.selectStage("conv");
        QCOMPARE(panel.settings().ticked(), QStringList{"conv"});
        QVERIFY(panel.settings().stages[3].augment);  // each stage keeps its own settings
    }

    /// Edited cells are the overrides (shown in bold); only they are kept, so a changed default
    /// shows through when the saved overrides are applied again.
    void editedCellsAreTheOverrides() {
        TrainingPanel panel;
        panel.show();
        panel.setStages(ladder(), 42);
        auto* epochs = panel.findChild<QSpinBox*>("epochs_conv");
        auto* lr = panel.findChild<QDoubleSpinBox*>("lr_last");
        QVERIFY(epochs && lr);
        QVERIFY(!epochs->font().bold());
        epochs->setValue(5);
        QVERIFY(epochs->font().bold());
        QVERIFY(epochs->toolTip().contains("3"));
        lr->stepBy(1);  // 1-2-5 steps: 0.001 -> 0.002
        QCOMPARE(lr->value(), 0.002);
        QCOMPARE(lr->text(), QLocale().toString(0.002, 'g', 4));
        panel.findChild<QCheckBox*>("stage_dense")->setChecked(true);
        const TrainingOverrides o = panel.overrides();
        QCOMPARE(o.stages.size(), 2);
        QCOMPARE(o.stages["conv"], (QVariantMap{{"epochs", 5}}));
        QCOMPARE(o.stages["last"], (QVariantMap{{"lr", 0.002}}));
        QCOMPARE(o.ticked, (QStringList{"linear", "dense"}));

        // A new engine default for conv's batch size and last's epochs shows through; the
        // user's changes stay.
        QVector<StageDefaults> changed = ladder();
        changed[3].settings.batchSize = 16;
        changed[1].settings.epochs = 6;
        TrainingPanel later;
        later.setStages(changed, 42);
        QSignalSpy ticked(&later, &TrainingPanel::stagesChanged);
        later.setOverrides(o);
        QCOMPARE(ticked.count(), 1);
        const TrainingSettings s = later.settings();
        QCOMPARE(s.stages[3].epochs, 5);
        QCOMPARE(s.stages[3].batchSize, 16);
        QCOMPARE(s.stages[1].lr, 0.002);
        QCOMPARE(s.stages[1].epochs, 6);
        QCOMPARE(s.ticked(), (QStringList{"linear", "dense"}));
        later.resetToDefaults();
        QVERIFY(later.overrides().stages.isEmpty());
        QCOMPARE(later.settings().stages[3].epochs, 3);
        QCOMPARE(later.settings().ticked(), (QStringList{"linear", "dense"}));
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
