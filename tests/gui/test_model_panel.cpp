// ModelPanel: the weights warning, the layer table with checkboxes, freeze-below, presets and
// live parameter counts, and the copied summary.
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryFile>
#include <QTest>

#include "model_panel.h"
#include "test_support.h"

class TestModelPanel : public QObject {
    Q_OBJECT
    QVector<LayerRow> layers() {
        return {{"conv1", "conv", "8x64x64", 216, false},
                {"conv1_bn", "batchnorm", "8x64x64", 32, false},
                {"conv_dw_1", "depthwise", "8x64x64", 72, false},
                {"conv_pw_1", "conv", "16x64x64", 128, false},
                {"pool", "pool", "16", 0, false},
                {"fc1", "dense", "32", 544, false},
                {"predictions", "dense", "1000", 33000, false}};
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
    // file, and the presets after 'linear' train the random dense layers (not the head, which
    // is replaced anyway), as the recipe does.
    void notopWeightsFile() {
        ModelPanel panel;
        panel.show();
        QTemporaryFile f;
        QVERIFY(f.open());
        panel.setBackbone("vgg16", f.fileName());
        panel.setLayers(layers());
        panel.applyPreset("last", false);
        QCOMPARE(panel.trainableLayerNames(), QStringList{});
        panel.setUntrainedTop({"fc1", "predictions"});
        QVERIFY2(panel.weightsWarning().contains("include_top=False") &&
                     panel.weightsWarning().contains("fc1, predictions") &&
                     panel.weightsWarning().contains("'last'"),
                 qPrintable(panel.weightsWarning()));
        panel.applyPreset("last", false);
        QCOMPARE(panel.trainableLayerNames(), QStringList{"fc1"});
        QVERIFY(!panel.customTrainable());
        panel.applyPreset("linear", false);
        QCOMPARE(panel.trainableLayerNames(), QStringList{});
        panel.applyPreset("conv", false);
        QVERIFY(panel.trainableLayerNames().contains("fc1"));
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
    void presets() {
        ModelPanel panel;
        panel.setLayers(layers());
        QSignalSpy spy(&panel, &ModelPanel::stageSelected);
        panel.applyPreset("dense");
        QCOMPARE(panel.trainableLayerNames(), (QStringList{"fc1", "predictions"}));
        panel.applyPreset("linear");
        QVERIFY(panel.trainableLayerNames().isEmpty());
        QVERIFY(!panel.customTrainable());
        panel.applyPreset("conv");
        QVERIFY(panel.trainableLayerNames().contains("fc1"));
        QVERIFY(!panel.trainableLayerNames().contains("conv1"));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().first().toString(), QString("conv"));
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
