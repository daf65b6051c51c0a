// Preprocessing: spec text round trip, parity with the Python references, augmentation seeds.
#include <QTemporaryDir>
#include <map>

#include "data/augment.h"
#include "data/preprocess.h"
#include "data_fixtures.h"
#include "featurelab/error.h"
#include "data/image.h"
#include "test_support.h"

using namespace featurelab;

namespace {

/// generated.png from make_odd_images.py: gradients, edges and noise, odd sizes (317x229).
QString writeGeneratedImage(const QString& dir) {
    return datafixtures::makeOddImages(dir) ? dir + "/generated.png" : QString();
}

/// Runs the fixture once for every mode on image; the outputs land in outDir/MODE.f32.
bool runReferences(const QString& image, const QString& outDir) {
    QProcess p;
    p.start(QStringLiteral(FEATURELAB_PYTHON),
            {QStringLiteral(FEATURELAB_SOURCE_DIR) + "/tests/fixtures/preprocess_reference.py",
             "--all", image, outDir});
    if (!p.waitForFinished(180000) || p.exitCode() != 0) {
        qWarning("%s", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

torch::Tensor readReference(const QString& file, int h, int w) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = f.readAll();
    if (bytes.size() != 3 * h * w * 4) return {};
    return torch::from_blob(const_cast<char*>(bytes.constData()), {3, h, w}, torch::kFloat32)
        .clone();
}

}  // namespace

class TestDataPreprocessing : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::map<bool, QString> refDirs_;  // real photo? -> folder of MODE.f32 references

    /// The input image, with every mode's reference computed on first use (one Python run).
    QString referencesFor(bool realPhoto, const QString& image) {
        if (!refDirs_.count(realPhoto)) {
            const QString out = dir_.path() + (realPhoto ? "/ref-photo" : "/ref-generated");
            QDir().mkpath(out);
            refDirs_[realPhoto] = runReferences(image, out) ? out : QString();
        }
        return refDirs_[realPhoto];
    }

private Q_SLOTS:
    void textRoundTrip_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("torchvision") << 0;
        QTest::newRow("keras symmetric") << 1;
        QTest::newRow("keras caffe") << 2;
    }
    void textRoundTrip() {
        QFETCH(int, which);
        const Preprocessing p = which == 0   ? Preprocessing::torchvision(224)
                                : which == 1 ? Preprocessing::kerasSymmetric(128, 128)
                                             : Preprocessing::kerasCaffe(224, 224);
        const std::string text = p.toString();
        const Preprocessing q = Preprocessing::parse(text);
        QCOMPARE(q.toString(), text);
        QCOMPARE(q.width, p.width);
        QCOMPARE(int(q.scaling), int(p.scaling));
        QCOMPARE(int(q.channels), int(p.channels));
        QCOMPARE(q.mean, p.mean);
    }
    void parseRejectsGarbage() {
        for (const char* bad :
             {"", "size=0x3", "size=224x224;resize=direct", "hello",
              "size=224x224;resize=direct;interp=bilinear;channels=rgb;scaling=symmetric;x=1"}) {
            try {
                Preprocessing::parse(bad);
                QFAIL(bad);
            } catch (const Error& e) {
                QCOMPARE(int(e.code()), int(ErrorCode::InvalidArgument));
            }
        }
    }

    void parity_data() {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("realPhoto");
        for (bool real : {false, true}) {
            const char* tag = real ? "photo" : "generated";
            for (const char* mode : {"torchvision", "torchvision_bicubic", "keras_symmetric",
                                     "keras_caffe", "direct_area"})
                QTest::newRow(QByteArray(mode).append(' ').append(tag).constData()) << mode << real;
        }
    }
    void parity() {
        QFETCH(QString, mode);
        QFETCH(bool, realPhoto);
        QString image;
        if (realPhoto) {
            SKIP_WITHOUT_SHARED();
            image = testsupport::dogscatsDir() + "/train/cats/cat.1.jpg";
        } else {
            image = dir_.path() + "/generated.png";
            if (!QFileInfo::exists(image)) QVERIFY(!writeGeneratedImage(dir_.path()).isEmpty());
        }
        const QString refs = referencesFor(realPhoto, image);
        QVERIFY2(!refs.isEmpty(),
                 "the Python reference failed (needs /usr/bin/python3 with PIL, torchvision)");
        const int size = mode.startsWith("torchvision") ? 224 : 128;
        Preprocessing p;
        if (mode.startsWith("torchvision")) {
            p = Preprocessing::torchvision(size);
            if (mode.endsWith("bicubic")) p.interpolation = Interpolation::Bicubic;
        } else if (mode == "keras_caffe") {
            p = Preprocessing::kerasCaffe(size, size);
        } else {
            p = Preprocessing::kerasSymmetric(size, size);
            if (mode == "direct_area") p.interpolation = Interpolation::Area;
        }
        const torch::Tensor ours = toInputTensor(decodeImage(image.toStdString()), p);
        QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{3, size, size}));
        const torch::Tensor ref = readReference(refs + "/" + mode + ".f32", size, size);
        QVERIFY2(ref.defined(),
                 "the Python reference failed (needs /usr/bin/python3 with PIL, torchvision)");
        // Compare in 0..255 pixel units after undoing the scaling: within 1/255 per pixel.
        const double maxDiff =
            (unscaleToRgb255(ours, p) - unscaleToRgb255(ref, p)).abs().max().item<double>();
        qInfo("%s: max |diff| = %.4f levels", qPrintable(mode), maxDiff);
        QVERIFY2(maxDiff <= 1.0 + 1e-3, qPrintable(QString("max diff %1 levels").arg(maxDiff)));
        // Negative control: another interpolation must be caught by this comparison.
        Preprocessing other = p;
        other.interpolation = p.interpolation == Interpolation::Nearest ? Interpolation::Bilinear
                                                                        : Interpolation::Nearest;
        const torch::Tensor wrong = toInputTensor(decodeImage(image.toStdString()), other);
        QVERIFY((unscaleToRgb255(wrong, p) - unscaleToRgb255(ref, p)).abs().max().item<double>() >
                5.0);
        // And the scaled values themselves: the scaling must be the framework's.
        const double scaledDiff = (ours - ref).abs().max().item<double>();
        const double unit = p.scaling == Scaling::CaffeMean   ? 1.0
                            : p.scaling == Scaling::Symmetric ? 1 / 127.5
                                                              : 1 / (255 * 0.224);
        QVERIFY(scaledDiff <= unit * 1.01 + 1e-4);
    }

    void augmentationIsSeeded() {
        QTemporaryDir tmp;
        const RgbImage img = decodeImage(writeGeneratedImage(tmp.path()).toStdString());
        const Preprocessing p = Preprocessing::kerasSymmetric(96, 64);
        Augmentation a;
        a.enabled = true;
        const RgbImage x1 = augmentGeometry(img, p, a, augmentationSeed(1, 0, 5));
        const RgbImage x2 = augmentGeometry(img, p, a, augmentationSeed(1, 0, 5));
        QCOMPARE(x1.width, 96);
        QCOMPARE(x1.height, 64);
        QVERIFY(x1.pixels == x2.pixels);
        int differing = 0;
        for (int s = 0; s < 8; ++s)
            differing +=
                augmentGeometry(img, p, a, augmentationSeed(1, 1 + s, 5)).pixels != x1.pixels;
        QVERIFY(differing >= 7);  // another epoch draws another crop
        a.enabled = false;
        QVERIFY(augmentGeometry(img, p, a, 3).pixels == preprocessGeometry(img, p).pixels);
    }
    void flipOnlyMirrors() {
        QTemporaryDir tmp;
        const RgbImage img = decodeImage(writeGeneratedImage(tmp.path()).toStdString());
        const Preprocessing p = Preprocessing::kerasSymmetric(64, 64);
        Augmentation a;
        a.enabled = true;
        a.minScale = a.maxScale = 1.0;
        a.minRatio = a.maxRatio = double(img.width) / img.height;  // the crop is the whole image
        const RgbImage plain = preprocessGeometry(img, p);
        int flipped = 0, same = 0;
        for (int s = 0; s < 20; ++s) {
            const RgbImage x = augmentGeometry(img, p, a, augmentationSeed(9, 0, s));
            if (x.pixels == plain.pixels) {
                ++same;
                continue;
            }
            bool mirrored = true;
            for (int y = 0; y < 64 && mirrored; ++y)
                for (int c = 0; c < 64; ++c)
                    if (std::memcmp(x.row(y) + c * 3, plain.row(y) + (63 - c) * 3, 3)) {
                        mirrored = false;
                        break;
                    }
            flipped += mirrored;
        }
        QCOMPARE(flipped + same, 20);
        QVERIFY(flipped > 3 && same > 3);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestDataPreprocessing)
#include "test_data_preprocessing.moc"
