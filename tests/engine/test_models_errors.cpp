// Weights that do not fit: a wrong architecture, truncated files, files that are not weights
// and pickles that would run code. Each must be one readable Error, never a crash or a trace.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "featurelab/error.h"
#include "model_fixtures.h"
#include "models/network.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kTorchvisionArgs = {"torchvision", "--out", modelfixtures::dir()};

// The Error createNetwork throws for spec (fails the test when none is thrown).
Error errorFor(const std::string& spec) {
    try {
        createNetwork(BackboneSpec::parse(spec));
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorCode::Internal, "no error was thrown for " + spec);
}

QString truncatedCopy(const QTemporaryDir& dir, const QString& source, const QString& name,
                      double fraction) {
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) return {};
    const QByteArray head = in.read(qint64(in.size() * fraction));
    QFile out(dir.filePath(name));
    out.open(QIODevice::WriteOnly);
    out.write(head);
    return out.fileName();
}

void expectOneScreen(const Error& e) {
    const QString text = QString::fromUtf8(e.what());
    QVERIFY2(text.count('\n') < 12, qPrintable(text));
    QVERIFY2(!text.contains("Exception raised from"), qPrintable(text));  // no c10 backtrace
}

}  // namespace

class TestModelsErrors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void wrongArchitectureNamesFirstTensor() {
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        const auto e = errorFor("resnet50:" + modelfixtures::path("resnet18.safetensors"));
        QCOMPARE(e.code(), ErrorCode::BadWeights);
        const QString text = e.what();
        qInfo().noquote() << text;
        // The first resnet50 tensor whose shape differs, with both shapes.
        QVERIFY2(text.contains("layer1.0.conv1.weight: expected [64,64,1,1], found [64,64,3,3]"),
                 qPrintable(text));
        QVERIFY2(text.contains("missing (") && text.contains("layer1.0.conv3.weight"),
                 qPrintable(text));
        expectOneScreen(e);

        const auto e2 = errorFor("mobilenet_v2:" + modelfixtures::path("resnet18.pth"));
        QVERIFY2(QString(e2.what()).contains("unexpected ("), e2.what());
        QVERIFY2(QString(e2.what()).contains("another architecture"), e2.what());
        expectOneScreen(e2);
    }

    void wrongArchitectureKeras() {
        SKIP_WITHOUT_SHARED();
        const auto e =
            errorFor("mobilenet_v1_0.5:" + testsupport::mobilenetWeights().toStdString());
        QCOMPARE(e.code(), ErrorCode::BadWeights);
        QVERIFY2(QString(e.what()).contains("conv1/kernel:0': expected [3,3,3,16]"), e.what());
        QVERIFY2(QString(e.what()).contains("found [3,3,3,8]"), e.what());
        const auto e2 = errorFor("resnet18:" + testsupport::mobilenetWeights().toStdString());
        QVERIFY2(QString(e2.what()).contains("missing layers: bn1, layer1.0.conv1"), e2.what());
        expectOneScreen(e2);
    }

    void truncatedFiles_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("source");
        QTest::newRow("safetensors")
            << "resnet18" << modelfixtures::dir() + "/resnet18.safetensors";
        QTest::newRow("torch.save") << "resnet18" << modelfixtures::dir() + "/resnet18.pth";
        QTest::newRow("torchscript")
            << "torchscript" << modelfixtures::dir() + "/resnet18_scripted.pt";
        QTest::newRow("keras hdf5") << "mobilenet_v1_0.25" << testsupport::mobilenetWeights();
    }
    void truncatedFiles() {
        QFETCH(QString, arch);
        QFETCH(QString, source);
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        if (!QFileInfo::exists(source)) FEATURELAB_SKIP(QStringLiteral("source weights absent (../shared?)"));
        for (double fraction : {0.5, 0.999}) {
            const QString cut = truncatedCopy(tmp_, source, QFileInfo(source).fileName(), fraction);
            const auto e = errorFor(arch.toStdString() + ":" + cut.toStdString());
            qInfo().noquote() << fraction << e.what();
            QCOMPARE(e.code(), ErrorCode::BadWeights);
            expectOneScreen(e);
        }
    }

    void notWeightsAtAll() {
        QFile text(tmp_.filePath("notes.txt"));
        text.open(QIODevice::WriteOnly);
        text.write("these are not weights\n");
        text.close();
        auto e = errorFor("resnet18:" + text.fileName().toStdString());
        QCOMPARE(e.code(), ErrorCode::BadWeights);
        QVERIFY2(QString(e.what()).contains("not a weights file"), e.what());
        QCOMPARE(errorFor("resnet18:" + tmp_.filePath("missing.pt").toStdString()).code(),
                 ErrorCode::NotFound);
        QCOMPARE(errorFor("resnet19").code(), ErrorCode::InvalidArgument);
        QVERIFY(QString(errorFor("resnet19").what()).contains("Known: vgg16"));
        QCOMPARE(errorFor("mobilenet_v1_x").code(), ErrorCode::InvalidArgument);
        QCOMPARE(errorFor("resnet18@12").code(), ErrorCode::InvalidArgument);
    }

    void aPhotoIsNotWeights() {
        SKIP_WITHOUT_SHARED();
        const auto e =
            errorFor("vgg16:" + (testsupport::dogscatsDir() + "/valid/cats/cat.4001.jpg").toStdString());
        QCOMPARE(e.code(), ErrorCode::BadWeights);
        QVERIFY2(QString(e.what()).contains("not a weights file"), e.what());
    }

    void pickledCodeIsRefused() {
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        const auto e = errorFor("resnet18:" + modelfixtures::path("whole_module.pth"));
        QCOMPARE(e.code(), ErrorCode::BadWeights);
        QVERIFY2(QString(e.what()).contains("refused to unpickle 'torch.nn.modules.linear.Linear'"),
                 e.what());
        QVERIFY2(QString(e.what()).contains("state_dict"), e.what());
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestModelsErrors)
#include "test_models_errors.moc"
