// Decoding: odd pixel formats become 8-bit RGB, EXIF orientation, reduced JPEG decoding, errors.
#include <QDir>
#include <QTemporaryDir>

#include "data/image.h"
#include "data_fixtures.h"
#include "featurelab/error.h"
#include "test_support.h"

using namespace featurelab;

namespace {

double meanAbsDiff(const RgbImage& a, const RgbImage& b) {
    if (a.pixels.size() != b.pixels.size()) return 1e9;
    double s = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        s += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
    return s / a.pixels.size();
}

ErrorCode codeOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::Internal;  // "no error" never expected here
}

}  // namespace

class TestDataDecode : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString d_;
    RgbImage reference_;

private Q_SLOTS:
    void initTestCase() {
        d_ = dir_.path();
        QVERIFY(datafixtures::makeOddImages(d_));
        reference_ = decodeImage((d_ + "/generated.png").toStdString());
    }

    void formats_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("maxMeanDiff");  // against generated.png, per channel value
        QTest::addColumn<bool>("gray");
        QTest::newRow("png") << "generated.png" << 0.0 << false;
        QTest::newRow("16-bit rgb png") << "rgb16.png" << 0.0 << false;
        QTest::newRow("bmp") << "image.bmp" << 0.0 << false;
        QTest::newRow("lossless webp") << "image.webp" << 0.0 << false;
        QTest::newRow("tiff") << "image.tiff" << 0.0 << false;
        QTest::newRow("rgba png (alpha dropped)") << "rgba.png" << 0.0 << false;
        QTest::newRow("palette png") << "palette.png" << 12.0 << false;
        QTest::newRow("jpeg") << "photo.jpg" << 8.0 << false;
        QTest::newRow("cmyk jpeg") << "cmyk.jpg" << 10.0 << false;
        QTest::newRow("gray png") << "gray.png" << 1e9 << true;
        QTest::newRow("gray jpeg") << "gray.jpg" << 1e9 << true;
        QTest::newRow("16-bit gray png") << "gray16.png" << 1e9 << true;
    }
    void formats() {
        QFETCH(QString, file);
        QFETCH(double, maxMeanDiff);
        QFETCH(bool, gray);
        const RgbImage img = decodeImage((d_ + "/" + file).toStdString());
        QCOMPARE(img.width, 317);
        QCOMPARE(img.height, 229);
        QCOMPARE(img.pixels.size(), std::size_t(317 * 229 * 3));
        if (gray) {
            for (std::size_t i = 0; i < img.pixels.size(); i += 3) {
                QCOMPARE(img.pixels[i], img.pixels[i + 1]);
                QCOMPARE(img.pixels[i], img.pixels[i + 2]);
            }
        } else {
            const double diff = meanAbsDiff(img, reference_);
            QVERIFY2(diff <= maxMeanDiff, qPrintable(QString("mean diff %1").arg(diff)));
        }
    }
    void sixteenBitGrayKeepsTheHighByte() {
        const RgbImage img = decodeImage((d_ + "/gray16.png").toStdString());
        for (std::size_t i = 0; i < img.pixels.size(); i += 3)
            QCOMPARE(img.pixels[i], reference_.pixels[i]);  // written as red channel * 257
    }
    void exifOrientationApplied() {
        const RgbImage img = decodeImage((d_ + "/exif6.jpg").toStdString());
        QCOMPARE(img.width, 20);
        QCOMPARE(img.height, 40);
        for (int y = 0; y < img.height; ++y) {
            const std::uint8_t* right = img.row(y) + (img.width - 1) * 3;
            const std::uint8_t* left = img.row(y);
            QVERIFY2(right[0] > 200 && right[2] < 60, "right column should be red");
            QVERIFY2(left[2] > 200 && left[0] < 60, "left column should be blue");
        }
    }
    void reducedJpegDecoding() {
        const std::string photo = (d_ + "/photo.jpg").toStdString();
        DecodeOptions o;
        o.minWidth = o.minHeight = 50;  // 229 / 2 >= 2 * 50, 229 / 4 < 100
        const RgbImage half = decodeImage(photo, o);
        QCOMPARE(half.width, 159);
        QCOMPARE(half.height, 115);
        o.minWidth = o.minHeight = 200;  // too close to the source size: full resolution
        QCOMPARE(decodeImage(photo, o).width, 317);
        // PNG has no DCT-domain reduction: always full size.
        QCOMPARE(decodeImage((d_ + "/generated.png").toStdString(), DecodeOptions{50, 50}).width,
                 317);
    }
    void jpegFastPathMatchesOpenCv_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("minSide");  // 0: full size; else a reduced decode
        QTest::newRow("rgb 4:4:4") << "photo.jpg" << 0;
        QTest::newRow("rgb 1/2") << "photo.jpg" << 50;
        QTest::newRow("gray") << "gray.jpg" << 0;
        QTest::newRow("gray 1/2") << "gray.jpg" << 50;
        QTest::newRow("cmyk (left to OpenCV)") << "cmyk.jpg" << 0;
        QTest::newRow("exif 6 (left to OpenCV)") << "exif6.jpg" << 0;
    }
    void jpegFastPathMatchesOpenCv() {
        QFETCH(QString, file);
        QFETCH(int, minSide);
        DecodeOptions fast;
        fast.minWidth = fast.minHeight = minSide;
        DecodeOptions reference = fast;
        reference.viaOpenCv = true;
        const std::string path = (d_ + "/" + file).toStdString();
        const RgbImage a = decodeImage(path, fast), b = decodeImage(path, reference);
        QCOMPARE(a.width, b.width);
        QCOMPARE(a.height, b.height);
        QVERIFY(a.pixels == b.pixels);
    }
    void jpegFastPathMatchesOpenCvOnPhotos() {
        SKIP_WITHOUT_SHARED();
        // Real camera JPEGs (4:2:0, various sizes, some with EXIF) at full and reduced scale.
        const QDir cats(testsupport::dogscatsDir() + "/train/cats");
        const QStringList files = cats.entryList({"*.jpg"}, QDir::Files, QDir::Name).mid(0, 40);
        QCOMPARE(files.size(), 40);
        for (const QString& f : files)
            for (int minSide : {0, 64}) {
                DecodeOptions fast;
                fast.minWidth = fast.minHeight = minSide;
                DecodeOptions reference = fast;
                reference.viaOpenCv = true;
                const std::string path = cats.filePath(f).toStdString();
                const RgbImage a = decodeImage(path, fast), b = decodeImage(path, reference);
                QVERIFY2(a.width == b.width && a.height == b.height && a.pixels == b.pixels,
                         qPrintable(f));
            }
    }
    void thumbnail() {
        const RgbImage t = decodeThumbnail((d_ + "/photo.jpg").toStdString(), 64);
        QCOMPARE(t.width, 64);
        QCOMPARE(t.height, 46);
    }
    void countsDecodes() {
        const auto before = decodedImageCount();
        decodeImage((d_ + "/image.bmp").toStdString());
        decodeImage((d_ + "/gray.png").toStdString());
        QCOMPARE(decodedImageCount(), before + 2);
    }
    void errors() {
        QVERIFY(datafixtures::writeBytes(d_ + "/bad/text.jpg", "hello, not an image"));
        const QByteArray jpg = datafixtures::readAll(d_ + "/photo.jpg");
        QVERIFY(datafixtures::writeBytes(d_ + "/bad/half.jpg", jpg.left(jpg.size() / 2)));
        QVERIFY(datafixtures::writeBytes(d_ + "/bad/empty.png", ""));
        auto dec = [&](const QString& f, DecodeOptions o = {}) {
            return [=] { decodeImage((d_ + "/" + f).toStdString(), o); };
        };
        QCOMPARE(int(codeOf(dec("bad/text.jpg"))), int(ErrorCode::BadImage));
        QCOMPARE(int(codeOf(dec("bad/half.jpg"))), int(ErrorCode::BadImage));
        QCOMPARE(int(codeOf(dec("bad/empty.png"))), int(ErrorCode::BadImage));
        QCOMPARE(int(codeOf(dec("bad/missing.png"))), int(ErrorCode::NotFound));
        DecodeOptions small;
        small.maxPixels = 100000;
        try {
            decodeImage((d_ + "/big.png").toStdString(), small);
            QFAIL("expected too large");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), int(ErrorCode::BadImage));
            QVERIFY(std::string(e.what()).find("too large") != std::string::npos);
        }
        QCOMPARE(int(codeOf([] { resizeImage(RgbImage{}, 4, 4, Interpolation::Bilinear); })),
                 int(ErrorCode::InvalidArgument));
    }
    void geometry() {
        // ShorterSideCenterCrop: 317x229 -> shorter side 73 -> 101x73 -> centre 64x64.
        Preprocessing p = Preprocessing::torchvision(64);
        p.resizeShorter = 73;
        const RgbImage g = preprocessGeometry(reference_, p);
        QCOMPARE(g.width, 64);
        QCOMPARE(g.height, 64);
        const RgbImage resized = resizeImage(reference_, 101, 73, Interpolation::Bilinear);
        QVERIFY(g.pixels ==
                cropImage(resized, 18, 4, 64, 64).pixels);  // round(37/2)=18, round(4.5)=4
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestDataDecode)
#include "test_data_decode.moc"
