// featurelab-cli classify with the real MobileNet: dog photos get dog breeds, the CSV format,
// recursive folders, unreadable images.
#include <QFile>
#include <QTemporaryDir>

#include "test_support.h"

class TestCliClassify : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dogsGetDogBreeds() {
        SKIP_WITHOUT_SHARED();
        // 40 valid/dogs photos in a nested folder, plus one file that only looks like a JPEG.
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("a/b"));
        for (int i = 0; i < 40; ++i) {
            const QString name = QString("dog.%1.jpg").arg(4001 + i);
            QVERIFY(QFile::copy(testsupport::dogscatsDir() + "/valid/dogs/" + name,
                                dir.filePath((i % 2 ? "a/b/" : "") + name)));
        }
        QFile bad(dir.filePath("a/broken.jpg"));
        bad.open(QIODevice::WriteOnly);
        bad.write("not a jpeg");
        bad.close();
        const QString csvPath = dir.filePath("out.csv");
        const auto r = testsupport::runCli({"classify", "--backbone",
                                            "mobilenet_v1_0.25:" + testsupport::mobilenetWeights(),
                                            dir.path(), "--top", "3", "--csv", csvPath});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("broken.jpg"), qPrintable(r.err));

        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.first(), QString("path,rank,class_index,class_name,probability"));
        QCOMPARE(lines.size(), 1 + 40 * 3);
        int dogs = 0, top1 = 0;
        for (const QString& line : lines.mid(1)) {
            const QStringList f = line.split(',');
            QCOMPARE(f.size(), 5);
            QVERIFY(!f[3].isEmpty());  // names from imagenet_class_index.json next to the weights
            const double p = f[4].toDouble();
            QVERIFY(p > 0.0 && p <= 1.0);
            if (f[1] != "1") continue;
            ++top1;
            const int c = f[2].toInt();
            dogs += c >= 151 && c <= 268;
        }
        QCOMPARE(top1, 40);
        qInfo("valid/dogs photos classified as a dog breed: %d/40", dogs);
        QVERIFY(dogs >= 30);
    }

    void badArguments() {
        const auto none = testsupport::runCli({"classify", "--backbone", "resnet18"});
        QCOMPARE(none.exitCode, 2);
        const auto missing =
            testsupport::runCli({"classify", "--backbone", "resnet18", "/no/such/image.jpg"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("/no/such/image.jpg"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliClassify)
#include "test_cli_classify.moc"
