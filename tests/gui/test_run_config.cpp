// One way to build a run's configuration: the GUI with untouched settings and
// `featurelab-cli recipe --stages linear,last,dense,conv --print-config` build the same
// RecipeConfig (compared as the engine's JSON of it) and, run, the same stage table; an edited
// ladder cell reaches the run as an override of that stage only; the settings keep only the
// overrides.
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "app_settings.h"
#include "engine_bridge.h"
#include "featurelab/recipe_config.h"
#include "featurelab/stages.h"
#include "main_window.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

class TestRunConfig : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;
    const QString spec_ = QStringLiteral("resnet18@32");

    void open(MainWindow& w) {
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data_);
        QVERIFY(scanned.wait(60000));
        QSignalSpy described(w.bridge(), &EngineBridge::backboneDescribed);
        w.workbench()->setBackbone(spec_);
        // As a user would: the backbone is described (its layers shown) before anything starts.
        QVERIFY(described.wait(120000));
    }

private Q_SLOTS:
    void initTestCase() {
        // This test's settings live in its temporary folder, not in the user's.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath("conf"));
        data_ = tmp_.filePath("data");
        recipedata::makeColourFolder(data_, 4, 2, 0);
    }

    void guiAndCliBuildTheSameRun() {
        MainWindow w;
        open(w);
        const Panels& p = w.panels();
        TrainingSettings s = p.training->settings();
        const QStringList all = p.training->stageNames();
        s.setTicked(all);
        p.training->setSettings(s);
        QVERIFY(p.training->overrides().stages.isEmpty());  // untouched
        const QString out = tmp_.filePath("run");
        const featurelab::RecipeConfig gui = w.workbench()->runConfig(all, out);
        QCOMPARE(gui.stages.size(), featurelab::recipeStages().size());

        // The CLI's defaults, with the one run-level choice the GUI makes for its gallery.
        const auto cli = testsupport::runCli(
            {"recipe", "--data", data_, "--backbone", spec_, "--stages", all.join(','), "--out",
             out, "--views", QString::number(Workbench::kGalleryViewSize), "--print-config"});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QCOMPARE(cli.out, QString::fromStdString(featurelab::recipeConfigJson(gui)));
        QCOMPARE(all.join(','), QString("linear,last,dense,conv"));

        // One edited cell is one stage's override; the CLI's per-stage list says the same.
        p.training->findChild<QSpinBox*>("epochs_conv")->setValue(5);
        const featurelab::RecipeConfig edited = w.workbench()->runConfig(all, out);
        QCOMPARE(edited.stages[3].epochs, 5);
        for (int i = 0; i < 3; ++i) QCOMPARE(edited.stages[i].epochs, gui.stages[i].epochs);
        QStringList epochs;
        for (const auto& st : edited.stages) epochs << QString::number(st.epochs);
        const auto cli2 = testsupport::runCli({"recipe", "--data", data_, "--backbone", spec_,
                                               "--stages", all.join(','), "--out", out, "--views",
                                               QString::number(Workbench::kGalleryViewSize),
                                               "--epochs", epochs.join(','), "--print-config"});
        QVERIFY2(cli2.exitCode == 0, qPrintable(cli2.err));
        QCOMPARE(cli2.out, QString::fromStdString(featurelab::recipeConfigJson(edited)));
    }

    /// The "done when": a four-stage GUI run and the CLI run with the same data, backbone
    /// and seed produce the same stage table, every column but the seconds.
    void guiAndCliRunsGiveTheSameStageTable() {
        MainWindow w;
        open(w);
        const Panels& p = w.panels();
        TrainingSettings s = p.training->settings();
        s.setTicked(p.training->stageNames());
        p.training->setSettings(s);
        QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QVERIFY(w.workbench()->start());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 600000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
        const QString guiRun = finished[0][0].value<RecipeOutcome>().runDir;

        const QString cliRun = tmp_.filePath("cli-run");
        const auto cli = testsupport::runCli(
            {"recipe", "--data", data_, "--backbone", spec_, "--stages",
             p.training->stageNames().join(','), "--views",
             QString::number(Workbench::kGalleryViewSize), "--out", cliRun, "--quiet"});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));

        auto table = [](const QString& runDir) {
            QFile f(runDir + "/metrics.json");
            QStringList rows;
            if (!f.open(QIODevice::ReadOnly)) return rows;
            for (const auto& v : QJsonDocument::fromJson(f.readAll())["stages"].toArray()) {
                QJsonObject st = v.toObject();
                for (const char* key : {"seconds", "checkpoint"}) st.remove(key);
                QJsonArray epochs;
                for (const auto& e : st["epochs"].toArray()) {
                    QJsonObject o = e.toObject();
                    o.remove("seconds");
                    epochs << o;
                }
                st["epochs"] = epochs;
                rows << QString::fromUtf8(QJsonDocument(st).toJson(QJsonDocument::Compact));
            }
            return rows;
        };
        const QStringList gui = table(guiRun), fromCli = table(cliRun);
        QCOMPARE(gui.size(), 4);
        for (int i = 0; i < gui.size(); ++i) QCOMPARE(gui[i], fromCli.value(i));
        QDir(guiRun).removeRecursively();  // the test's own run, under the app's runs
    }

    /// The settings keep the ticks and the changed cells only: a default the engine changes
    /// later shows through, the user's change stays.
    void settingsKeepOnlyOverrides() {
        {
            MainWindow w;
            w.show();
            TrainingPanel* t = w.panels().training;
            t->selectStage("dense");
            t->findChild<QDoubleSpinBox*>("lr_dense")->setValue(5e-4);
            w.close();  // saves
        }
        const TrainingOverrides saved = appsettings::trainingOverrides();
        QCOMPARE(saved.ticked, QStringList{"dense"});
        QCOMPARE(saved.stages.keys(), QStringList{"dense"});
        QCOMPARE(saved.stages["dense"].keys(), QStringList{"lr"});
        QCOMPARE(saved.stages["dense"]["lr"].toDouble(), 5e-4);
        QVERIFY(!saved.seed.isValid());
        QVERIFY(!QSettings().contains("training/overrides/dense/epochs"));

        MainWindow again;
        again.panels().training->setOverrides(appsettings::trainingOverrides());
        const TrainingSettings s = again.panels().training->settings();
        QCOMPARE(s.ticked(), QStringList{"dense"});
        TrainingSettings copy = s;
        QCOMPARE(copy.stage("dense")->lr, 5e-4);
        QCOMPARE(copy.stage("dense")->epochs, featurelab::recipeStage("dense").defaults.epochs);
        QCOMPARE(copy.stage("conv")->lr, featurelab::recipeStage("conv").defaults.lr);
    }
};

FEATURELAB_TEST_MAIN(TestRunConfig)
#include "test_run_config.moc"
