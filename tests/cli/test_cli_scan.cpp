// featurelab-cli scan on the shared data and on bad folders.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "test_support.h"

class TestCliScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sharedDogsCats() {
        SKIP_WITHOUT_SHARED();
        const auto r = testsupport::runCli({"scan", testsupport::dogscatsDir(), "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["classes"].toArray().size(), 2);
        QCOMPARE(j["classes"].toArray()[0].toString(), QString("cats"));
        QCOMPARE(j["classes"].toArray()[1].toString(), QString("dogs"));
        const QJsonArray splits = j["splits"].toArray();
        QCOMPARE(splits.size(), 2);
        QCOMPARE(splits[0]["name"].toString(), QString("train"));
        QCOMPARE(splits[0]["per_class"]["cats"].toInt(), 4000);
        QCOMPARE(splits[0]["per_class"]["dogs"].toInt(), 4000);
        QCOMPARE(splits[1]["name"].toString(), QString("valid"));
        QCOMPARE(splits[1]["per_class"]["cats"].toInt(), 1000);
        QCOMPARE(splits[1]["per_class"]["dogs"].toInt(), 1000);
    }

    void humanTable() {
        SKIP_WITHOUT_SHARED();
        const auto r = testsupport::runCli({"scan", testsupport::dogscatsDir()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("2 classes: cats, dogs"), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("train\\s+4000\\s+4000\\s+8000")));
    }

    void badFolders_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "MISSING" << "not found";
        QTest::newRow("empty") << "" << "No train/ folder";
        QTest::newRow("no classes") << "train/" << "no class subfolders";
        QTest::newRow("no images") << "train/a/,train/b/" << "No images found";
        QTest::newRow("valid differs") << "train/a/x.png,valid/b/y.png" << "same classes";
    }
    void badFolders() {
        QFETCH(QString, layout);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QString root = dir.path();
        if (layout == "MISSING") {
            root += "/does-not-exist";
        } else {
            for (const QString& item : layout.split(',', Qt::SkipEmptyParts)) {
                if (item.endsWith('/')) {
                    QDir().mkpath(root + "/" + item);
                } else {
                    QDir().mkpath(QFileInfo(root + "/" + item).path());
                    QFile f(root + "/" + item);
                    QVERIFY(f.open(QIODevice::WriteOnly));
                    static const char png[] =
                        "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0IEND";
                    f.write(png, sizeof(png) - 1);
                }
            }
        }
        const auto r = testsupport::runCli({"scan", root});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliScan)
#include "test_cli_scan.moc"
