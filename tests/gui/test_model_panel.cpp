// ModelPanel: the weights warning, the layer table with checkboxes, freeze-below, presets (the
// engine's answer applied as given) and live parameter counts, and the copied summary.
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryFile>
#include <QTest>

#include "model_panel.h"
#include "test_support.h"

class TestModelPanel : public QObject {
    Q_OBJECT
    // Rows as the engine describes them ("bn" is its name for BatchNorm).
    QVector<LayerRow> layers() {
        return {{"conv1", "conv", "8x64x64", 216, false},
                {"conv1_bn", "bn", "8x64x64", 32, false},
                {"conv_dw_1", "depthwise", "8x64x64", 72, false},
                {"conv_pw_1", "conv", "16x64x64", 128, false},
                {"pool", "pool", "16", 0, false},
                {"fc1", "dense", "32", 544, false},
                {"predictions", "dense", "1000", 33000, false}};
    }
    // The panel applies whatever the engine answers; these are made up on purpose.
    QVector<StagePreset> presets() {
        return {{"linear", {}, false, {}},
                {"last", {"predictions"}, false, {}},
                {"dense", {"fc1", "predictions"}, false, {}},
                {"conv", {"conv_dw_1", "conv_pw_1", "fc1", "predictions"}, true, {}}};
    }
    void setUp(ModelPanel& panel) {
        panel.setStages({"linear", "last", "dense", "conv"},
                        {"lin desc", "last desc", "dense desc", "conv desc"});
        panel.setLayers(layers());
        panel.setStagePresets(presets());
    }
private Q_SLOTS:
    void warnsWithoutWeights() {
        ModelPanel panel;
        panel.show();
        QSignalSpy spy(&panel, &ModelPanel::backboneChanged);
        panel.setBackbone("mobilenet_v1_0.25", QString());
        QVERIFY(panel.weightsWarning().contains("random weights"));
        QCOMPARE(panel.backboneSpec(), QString("mobilenet_v1_0.25"));
        panel.setBackbone("mobilenet_v1_0.25", "/nonexistent/w.h5");
        QVERIFY(panel.weightsWarning().contains("not found"));
        QTemporaryFile f;
        QVERIFY(f.open());
        panel.setBackbone("mobilenet_v1_0.25", f.fileName());
        QVERIFY(panel.weightsWarning().isEmpty());
        QCOMPARE(panel.backboneSpec(), "mobilenet_v1_0.25:" + f.fileName());
        QCOMPARE(spy.count(), 3);
    }
    // A Keras include_top=False file: the panel says what is random and what needs the full
    // file; the engine's presets decide what trains.
    void notopWeightsFile() {
        ModelPanel panel;
        panel.show();
        QTemporaryFile f;
        QVERIFY(f.open());
        panel.setBackbone("vgg16", f.fileName());
        setUp(panel);
        panel.setUntrainedTop({"fc1", "predictions"});
        QVERIFY2(panel.weightsWarning().contains("include_top=False") &&
                     panel.weightsWarning().contains("fc1, predictions") &&
                     panel.weightsWarning().contains("'last'"),
                 qPrintable(panel.weightsWarning()));
        // The engine refuses 'linear' on such a file: its button is off and says why.
        QVector<StagePreset> p = presets();
        p[0].unavailable = "no classifier top; start at 'last'";
        p[1].layers = {"fc1", "predictions"};
        panel.setStagePresets(p);
        auto* linear = panel.findChild<QPushButton*>("preset_linear");
        QVERIFY(!linear->isEnabled());
        QVERIFY(linear->toolTip().contains("start at 'last'"));
        QVERIFY(linear->toolTip().contains("lin desc"));
        panel.applyPreset("last", false);
        QCOMPARE(panel.trainableLayerNames(), (QStringList{"fc1", "predictions"}));
        panel.applyPreset("linear", false);  // ignored: the ticks stay
        QCOMPARE(panel.trainableLayerNames(), (QStringList{"fc1", "predictions"}));
        // Another weights file is a new question: the note goes until the engine answers.
        QTemporaryFile g;
        QVERIFY(g.open());
        panel.setBackbone("vgg16", g.fileName());
        QVERIFY(panel.weightsWarning().isEmpty());
    }
    void tableCheckboxesAndCounts() {
        ModelPanel panel;
        panel.show();
        panel.setLayers(layers());
        QTableWidget* t = panel.layerTable();
        QCOMPARE(t->rowCount(), 7);
        QCOMPARE(t->item(3, 0)->text(), QString("conv_pw_1"));
        QCOMPARE(t->item(3, 2)->text(), QString("16x64x64"));
        QCOMPARE(panel.totalParams(), qint64(34000 - 8));  // 216+32+72+128+544+33000
        QCOMPARE(panel.trainableParams(), qint64(0));
        // Ticking a box by hand updates the counts live and marks the choice custom.
        t->item(5, 0)->setCheckState(Qt::Checked);
        QCOMPARE(panel.trainableParams(), qint64(544));
        QVERIFY(panel.customTrainable());
        QVERIFY(panel.paramsLabel()->text().contains("544"));
        QCOMPARE(panel.trainableLayerNames(), QStringList{"fc1"});
        panel.freezeAllBelow(3);
        QCOMPARE(panel.trainableLayerNames(), (QStringList{"conv_pw_1", "fc1", "predictions"}));
        QVERIFY(
            !(t->item(4, 0)->flags() & Qt::ItemIsUserCheckable));  // pooling has nothing to train
        QCOMPARE(t->item(2, 0)->checkState(), Qt::Unchecked);
        QCOMPARE(t->item(6, 0)->checkState(), Qt::Checked);
    }
    void presetsApplyTheEnginesAnswer() {
        ModelPanel panel;
        panel.show();
        panel.setStages({"linear", "last", "dense", "conv"},
                        {"lin desc", "last desc", "dense desc", "conv desc"});
        panel.setLayers(layers());
        // Before the engine has answered, a preset button does nothing.
        auto* conv = panel.findChild<QPushButton*>("preset_conv");
        QVERIFY(conv && !conv->isEnabled());
        panel.applyPreset("conv", false);
        QVERIFY(panel.trainableLayerNames().isEmpty());
        panel.setStagePresets(presets());
        QVERIFY(conv->isEnabled());
        QVERIFY(conv->toolTip().contains("conv desc"));
        QSignalSpy spy(&panel, &ModelPanel::stageSelected);
        QTest::mouseClick(panel.findChild<QPushButton*>("preset_dense"), Qt::LeftButton);
        QCOMPARE(panel.trainableLayerNames(), (QStringList{"fc1", "predictions"}));
        QCOMPARE(panel.presetStage(), QString("dense"));
        panel.applyPreset("linear");
        QVERIFY(panel.trainableLayerNames().isEmpty());
        QVERIFY(!panel.customTrainable());
        QVERIFY(panel.presetLabel()->text().contains("no backbone layer"));
        QTest::mouseClick(conv, Qt::LeftButton);
        // Exactly the engine's list: BatchNorm and layers without parameters stay unticked.
        QCOMPARE(panel.trainableLayerNames(),
                 (QStringList{"conv_dw_1", "conv_pw_1", "fc1", "predictions"}));
        QVERIFY(panel.presetLabel()->text().contains("BatchNorm"));
        QCOMPARE(panel.trainableParams(), qint64(72 + 128 + 544 + 33000));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().first().toString(), QString("conv"));
        // Ticking by hand leaves the preset.
        panel.layerTable()->item(0, 0)->setCheckState(Qt::Checked);
        QVERIFY(panel.customTrainable());
        QCOMPARE(panel.presetStage(), QString());
    }
    void copiesSummary() {
        ModelPanel panel;
        panel.setBackbone("vgg16", QString());
        panel.setLayers(layers());
        panel.copySummary();
        const QString text = QApplication::clipboard()->text();
        if (text.isEmpty()) FEATURELAB_SKIP(QStringLiteral("no clipboard on this platform"));
        QVERIFY(text.contains("Backbone: vgg16"));
        QVERIFY(text.contains("predictions\tdense\t1000\t33000\tno"));
    }
};

FEATURELAB_TEST_MAIN(TestModelPanel)
#include "test_model_panel.moc"
