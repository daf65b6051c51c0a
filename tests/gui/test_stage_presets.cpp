// The Model panel's stage presets tick what the engine trains: for every architecture the
// engine knows and every stage, the layers ticked after pressing the preset equal the layers
// whose parameters required gradients in the network a GUI run of that stage built (metrics.json
// layers_trained, read from requires_grad), and a stage the engine cannot run there is
// disabled in the panel and refused by the engine.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "engine_bridge.h"
#include "featurelab/backbone_spec.h"
#include "featurelab/error.h"
#include "featurelab/recipe.h"
#include "gui_test_util.h"
#include "main_window.h"
#include "model_panel.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

namespace {

QJsonObject readJson(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

/// A small TorchScript model written by /usr/bin/python3 (the 'torchscript' architecture needs
/// a file); "" with why set when Python or its torch is missing.
QString writeTorchScript(const QString& file, QString* why) {
    const QString python = QStringLiteral(FEATURELAB_PYTHON);
    if (python.isEmpty() || !QFileInfo::exists(python)) {
        *why = QStringLiteral("no /usr/bin/python3 for the TorchScript model");
        return QString();
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(python,
            {"-c",
             "import sys, torch\n"
             "m = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, stride=2), torch.nn.ReLU(),\n"
             "                        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())\n"
             "torch.jit.script(m.eval()).save(sys.argv[1])\n",
             file});
    if (!p.waitForFinished(300000) || p.exitCode() != 0) {
        *why = QStringLiteral(
                   "python3 could not write a TorchScript model (python3-torch "
                   "missing?): ") +
               QString::fromUtf8(p.readAll());
        return QString();
    }
    return file;
}

}  // namespace

class TestStagePresets : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;

    /// Loads spec in a fresh window, presses every preset, then trains every stage the panel
    /// offers in one GUI run (1 epoch each) and compares.
    void compare(const QString& spec, const QString& data, QMap<QString, QStringList>& ticked) {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(60000));
        QString described;
        connect(w.bridge(), &EngineBridge::backboneDescribed, this,
                [&](const BackboneInfo& info) { described = info.spec; });
        QSignalSpy failedToDescribe(w.bridge(), &EngineBridge::describeFailed);
        w.workbench()->setBackbone(spec);
        QTRY_VERIFY_WITH_TIMEOUT(described == spec || !failedToDescribe.isEmpty(), 300000);
        QVERIFY2(
            failedToDescribe.isEmpty(),
            failedToDescribe.isEmpty() ? "" : qPrintable(failedToDescribe.first()[1].toString()));
        QVERIFY(!p.model->layers().isEmpty());
        QStringList registryLayers;
        for (const LayerRow& l : p.model->layers()) registryLayers << l.name;

        QStringList runnable, refused;
        for (const QString& stage : p.training->stageNames()) {
            auto* button = p.model->findChild<QPushButton*>("preset_" + stage);
            QVERIFY2(button, qPrintable(stage));
            if (!button->isEnabled()) {
                refused << stage;
                continue;
            }
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(p.training->settings().ticked(), QStringList{stage});
            QVERIFY(!p.model->customTrainable());
            ticked[stage] = p.model->trainableLayerNames();
            runnable << stage;
        }
        QVERIFY(!runnable.isEmpty());

        TrainingSettings s = p.training->settings();
        s.setTicked(runnable);
        guitest::setEpochs(s, 1, 8);
        p.training->setSettings(s);
        QSignalSpy finished(w.bridge(), &EngineBridge::recipeFinished);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QVERIFY(w.workbench()->start());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 600000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first()[1].toString()));
        const RecipeOutcome outcome = finished.first().first().value<RecipeOutcome>();
        const QJsonArray stages = readJson(outcome.runDir + "/metrics.json")["stages"].toArray();
        QCOMPARE(stages.size(), runnable.size());
        for (int i = 0; i < stages.size(); ++i) {
            const QJsonObject st = stages[i].toObject();
            const QString stage = st["stage"].toString();
            QCOMPARE(stage, runnable[i]);
            QStringList trained, outside;
            for (const auto& v : st["layers_trained"].toArray())
                (registryLayers.contains(v.toString()) ? trained : outside) << v.toString();
            // 'linear' trains its own dense layer on the probabilities, outside the backbone.
            QCOMPARE(outside,
                     stage == "linear" ? QStringList{"featurelab_probs_head"} : QStringList{});
            if (stage != "linear") QVERIFY2(!trained.isEmpty(), qPrintable(stage));
            QVERIFY2(
                ticked[stage] == trained,
                qPrintable(QStringLiteral("%1 %2: the panel ticks [%3], the engine trained "
                                          "[%4]")
                               .arg(spec, stage, ticked[stage].join(", "), trained.join(", "))));
        }
        // A stage the panel does not offer is one the engine refuses on this backbone.
        for (const QString& stage : refused) {
            try {
                featurelab::runRecipe(
                    w.workbench()->runConfig({stage}, tmp_.filePath("refused_" + stage)));
                QFAIL(qPrintable(stage + " is disabled in the panel but the engine ran it"));
            } catch (const featurelab::Error& e) {
                QCOMPARE(e.code(), featurelab::ErrorCode::InvalidArgument);
            }
        }
        qInfo().noquote() << spec << "runs" << runnable.join(',') << "refuses" << refused.join(',')
                          << "conv trains" << ticked.value("conv").size() << "layers";
        QDir(outcome.runDir).removeRecursively();  // the test's own run, under the app's runs
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = tmp_.filePath("data");
        recipedata::makeColourFolder(data_, 4, 2, 0);
    }

    void everyArchitectureAndStage_data() {
        QTest::addColumn<QString>("architecture");
        for (const std::string& a : featurelab::availableArchitectures())
            QTest::newRow(a.c_str()) << QString::fromStdString(a);
    }
    void everyArchitectureAndStage() {
        QFETCH(QString, architecture);
        QString spec = architecture + "@32";  // random weights, small input: seconds per run
        if (architecture == "torchscript") {
            QString why;
            const QString file = writeTorchScript(tmp_.filePath("model.pt"), &why);
            if (file.isEmpty()) FEATURELAB_SKIP(why);
            spec = "torchscript@32:" + file;
        }
        QMap<QString, QStringList> ticked;
        compare(spec, data_, ticked);
    }

    /// The case: the real MobileNet, where the panel used to tick conv_pw_10 onwards
    /// with BatchNorm while the engine trained from conv_dw_12 with BatchNorm frozen.
    void realMobileNet() {
        SKIP_WITHOUT_SHARED();
        const QString data = tmp_.filePath("dogscats");
        QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), data, 4, 2));
        QMap<QString, QStringList> ticked;
        compare("mobilenet_v1_0.25:" + testsupport::mobilenetWeights(), data, ticked);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(ticked["conv"].value(0), QString("conv_dw_12"));
        for (const QString& layer : ticked["conv"])
            QVERIFY2(!layer.endsWith("_bn"), qPrintable(layer));
    }
};

FEATURELAB_TEST_MAIN(TestStagePresets)
#include "test_stage_presets.moc"
