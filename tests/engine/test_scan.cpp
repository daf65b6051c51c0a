// Engine scan: splits, class order, val/ alias, unlabelled test/ and skip reasons.
#include <QTemporaryDir>

#include "featurelab/error.h"
#include "featurelab/scan.h"
#include "test_support.h"

namespace {
void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
const QByteArray kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\2\0\0\0\3\x08\x02\0\0\0IEND\xae", 34);
}  // namespace

class TestScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layoutAndSkips() {
        QTemporaryDir dir;
        const QString r = dir.path();
        writeFile(r + "/train/b/1.png", kPng);
        writeFile(r + "/train/a/2.png", kPng);
        writeFile(r + "/train/a/notes.txt", "hello");
        writeFile(r + "/train/a/.DS_Store", "x");
        writeFile(r + "/train/a/empty.jpg", "");
        writeFile(r + "/val/a/3.png", kPng);
        writeFile(r + "/val/b/4.png", kPng);
        writeFile(r + "/test/unknown/5.png", kPng);
        const auto scan = featurelab::scanImageFolder(r.toStdString());
        QCOMPARE(scan.classes, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(scan.splits.size(), std::size_t(3));
        const auto* valid = scan.split("valid");
        QVERIFY(valid);
        QCOMPARE(QString::fromStdString(valid->folder), QString("val"));
        QCOMPARE(scan.split("train")->perClass, (std::vector<std::size_t>{1, 1}));
        QCOMPARE(scan.split("test")->images.size(), std::size_t(1));
        QCOMPARE(scan.split("test")->images[0].label, -1);
        QCOMPARE(scan.skipped.size(), std::size_t(2));  // the hidden file is ignored silently
        std::map<std::string, std::string> reasons;
        for (const auto& s : scan.skipped) reasons[s.path] = s.reason;
        QVERIFY(reasons["train/a/notes.txt"].find("not an image") != std::string::npos);
        QCOMPARE(QString::fromStdString(reasons["train/a/empty.jpg"]), QString("zero bytes"));
    }
    void missingRootThrowsNotFound() {
        try {
            featurelab::scanImageFolder("/nonexistent/featurelab");
            QFAIL("expected an error");
        } catch (const featurelab::Error& e) {
            QCOMPARE(int(e.code()), int(featurelab::ErrorCode::NotFound));
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestScan)
#include "test_scan.moc"
