// File and class names that are not UTF-8 (Latin-1 folders from old archives) never turn a
// CLI command into "unexpected error": JSON output replaces the bytes it cannot encode.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "recipe_data.h"
#include "test_support.h"

class TestCliOddNames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scanJsonWithLatin1Names() {
        QTemporaryDir dir;
        const QString data = dir.filePath("data");
        recipedata::makeColourFolder(data, 3, 2, 0);
        const QByteArray odd = QByteArray("r\xe9") + "d";  // Latin-1 "réd": not UTF-8
        for (const char* split : {"train", "valid"}) {
            const QByteArray from = QFile::encodeName(data + "/" + split + "/red");
            const QByteArray to = QFile::encodeName(data + "/" + split + "/") + odd;
            QCOMPARE(::rename(from.constData(), to.constData()), 0);
        }
        const auto r = testsupport::runCli({"scan", data, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("r\uFFFDd")), qPrintable(r.out));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliOddNames)
#include "test_cli_odd_names.moc"
