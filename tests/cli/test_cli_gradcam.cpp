// featurelab-cli gradcam on a run folder the CLI trained (generated two-class images, random
// ResNet-18): one PNG per image or a single PNG, --class, --layer, --list-layers, and one-line
// errors with the usual exit codes.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "quadrant_data.h"
#include "test_support.h"

namespace {

/// The width and height a PNG file declares (IHDR), or (-1, -1) when it is not a PNG.
QPair<int, int> pngSize(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {-1, -1};
    const QByteArray b = f.read(24);
    if (b.size() < 24 || !b.startsWith("\x89PNG\r\n\x1a\n") || b.mid(12, 4) != "IHDR")
        return {-1, -1};
    auto be32 = [&](int at) {
        return (quint8(b[at]) << 24) | (quint8(b[at + 1]) << 16) | (quint8(b[at + 2]) << 8) |
               quint8(b[at + 3]);
    };
    return {int(be32(16)), int(be32(20))};
}

}  // namespace

class TestCliGradCam : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, run_;

    QString valid(const QString& cls, int i) const {
        return QString("%1/valid/%2/%3.bmp").arg(data_, cls).arg(i);
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.filePath("quadrants");
        QVERIFY(quadrantdata::makeFolder(data_, 16, 4, 64, 0));
        run_ = dir_.filePath("run");
        const auto r = testsupport::runCli({"recipe", "--data", data_, "--backbone", "resnet18@64",
                                            "--stages", "last", "--epochs", "3", "--batch-size",
                                            "8", "--threads", "1", "--out", run_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void folderOfImagesToFolderOfPngs() {
        const QString out = dir_.filePath("cams");  // created by the command
        const auto r = testsupport::runCli(
            {"gradcam", "--model", run_, data_ + "/valid", "--out", out, "--threads", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // valid/patch/0..3.bmp and valid/plain/0..3.bmp: the second of each name gets its
        // folder's name in front.
        const QStringList pngs = QDir(out).entryList({"*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(pngs, (QStringList{"0.png", "1.png", "2.png", "3.png", "plain_0.png",
                                    "plain_1.png", "plain_2.png", "plain_3.png"}));
        for (const QString& png : pngs) QCOMPARE(pngSize(out + "/" + png), qMakePair(64, 64));
        QCOMPARE(r.out.count(" -> "), 8);
        QVERIFY2(r.out.contains("layer layer4.1.relu"), qPrintable(r.out));
    }

    void onePngWithAClassAndALayer() {
        const QString png = dir_.filePath("one.png");
        const auto r = testsupport::runCli({"gradcam", "--model", run_ + "/model.safetensors",
                                            valid("patch", 0), "--out", png, "--class", "plain",
                                            "--layer", "layer3.0.conv1", "--opacity", "0.3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(pngSize(png), qMakePair(64, 64));
        QVERIFY2(r.out.contains("(plain ") && r.out.contains("layer layer3.0.conv1"),
                 qPrintable(r.out));
    }

    void listLayers() {
        const auto r = testsupport::runCli({"gradcam", "--model", run_, "--list-layers"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QVERIFY(lines.size() > 20);
        QVERIFY(lines.first().startsWith("conv1 "));
        QVERIFY2(lines.last().startsWith("layer4.1.relu") && lines.last().contains("default"),
                 qPrintable(lines.last()));
        QVERIFY(lines.last().contains("512x2x2"));
    }

    void errors() {
        const QString png = dir_.filePath("x.png");
        auto lastLine = [](const QString& err) { return err.trimmed().split('\n').last(); };
        const auto cls = testsupport::runCli(
            {"gradcam", "--model", run_, valid("patch", 0), "--out", png, "--class", "blue"});
        QCOMPARE(cls.exitCode, 2);
        QVERIFY2(lastLine(cls.err).contains("no class 'blue'") && cls.err.contains("patch, plain"),
                 qPrintable(cls.err));
        const auto layer = testsupport::runCli(
            {"gradcam", "--model", run_, valid("patch", 0), "--out", png, "--layer", "fc"});
        QCOMPARE(layer.exitCode, 2);
        QVERIFY2(lastLine(layer.err).contains("'fc' is not a conv layer") &&
                     layer.err.contains("--list-layers"),
                 qPrintable(layer.err));
        const auto twoIntoOne = testsupport::runCli(
            {"gradcam", "--model", run_, valid("patch", 0), valid("patch", 1), "--out", png});
        QCOMPARE(twoIntoOne.exitCode, 2);
        QVERIFY(twoIntoOne.err.contains("pass a folder"));
        QCOMPARE(testsupport::runCli({"gradcam", "--model", run_, valid("patch", 0)}).exitCode, 2);
        QCOMPARE(testsupport::runCli({"gradcam", "--model", run_, "--out", png}).exitCode, 2);
        const auto opacity = testsupport::runCli(
            {"gradcam", "--model", run_, valid("patch", 0), "--out", png, "--opacity", "2"});
        QCOMPARE(opacity.exitCode, 2);
        const auto noModel = testsupport::runCli(
            {"gradcam", "--model", dir_.filePath("nope"), valid("patch", 0), "--out", png});
        QCOMPARE(noModel.exitCode, 1);
        QVERIFY(!QFileInfo::exists(png));
        // An unreadable image is skipped; the others are written; all unreadable: exit 1.
        QFile junk(dir_.filePath("junk.png"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not an image");
        junk.close();
        const QString out = dir_.filePath("mixed");
        const auto mixed = testsupport::runCli(
            {"gradcam", "--model", run_, junk.fileName(), valid("plain", 1), "--out", out});
        QCOMPARE(mixed.exitCode, 0);
        QVERIFY2(mixed.err.contains("skipped") && mixed.err.contains("junk.png"),
                 qPrintable(mixed.err));
        QVERIFY(QFileInfo::exists(out + "/1.png"));
        const auto allBad =
            testsupport::runCli({"gradcam", "--model", run_, junk.fileName(), "--out", out});
        QCOMPARE(allBad.exitCode, 1);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliGradCam)
#include "test_cli_gradcam.moc"
