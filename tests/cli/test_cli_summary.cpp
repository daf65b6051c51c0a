// featurelab-cli summary: the Keras-like layer table, its totals, JSON output and bad specs.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "test_support.h"

class TestCliSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realMobilenet() {
        SKIP_WITHOUT_SHARED();
        const auto r = testsupport::runCli(
            {"summary", "--backbone", "mobilenet_v1_0.25:" + testsupport::mobilenetWeights()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("(Keras HDF5)"), qPrintable(r.out));
        QVERIFY(r.out.contains("Input: 128x128"));
        QVERIFY(r.out.contains("conv_dw_1 (depthwise)"));
        QVERIFY(r.out.contains("(256, 4, 4)"));  // conv_pw_13 at 128x128
        // Keras' own totals for this file.
        QVERIFY(r.out.contains("Total params: 475,544"));
        QVERIFY(r.out.contains("Trainable params: 470,072"));
        QVERIFY(r.out.contains("Non-trainable params: 5,472"));
    }

    void randomInitJson() {
        const auto r = testsupport::runCli({"summary", "--backbone", "resnet18", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(j["weights"].isNull());                                 // random initialisation
        QCOMPARE(j["trainable_params"].toInteger(), qint64(11689512));  // torchvision's count
        const QJsonArray layers = j["layers"].toArray();
        QCOMPARE(layers.last()["name"].toString(), QString("fc"));
        QCOMPARE(layers.last()["kind"].toString(), QString("dense"));
        QCOMPARE(j["feature_points"]["penultimate"].toArray()[0].toInt(), 512);
        const auto text = testsupport::runCli({"summary", "--backbone", "resnet18"});
        QVERIFY(text.out.contains("random initialisation"));
    }

    void badSpec() {
        const auto r = testsupport::runCli({"summary", "--backbone", "resnet19"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("Unknown architecture 'resnet19'"));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        const auto missing =
            testsupport::runCli({"summary", "--backbone", "vgg16:/no/such/file.h5"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("not found"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliSummary)
#include "test_cli_summary.moc"
