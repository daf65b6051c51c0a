// featurelab-cli cache: extract fills the per-user cache (not the data folder), --list shows
// the data folder with its size, --clear --data empties just that one.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "recipe_data.h"
#include "test_support.h"

class TestCliCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listAndClear() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", dir.filePath("xdg").toUtf8());  // inherited by the CLI
        const QString a = dir.filePath("a"), b = dir.filePath("b");
        recipedata::makeColourFolder(a, 3, 2, 0, 1);
        recipedata::makeColourFolder(b, 3, 2, 0, 2);
        for (const QString& data : {a, b}) {
            const auto r = testsupport::runCli(
                {"extract", "--data", data, "--backbone", "resnet18@32", "--workers", "1"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY(!QDir(data + "/.featurelab-cache").exists());
        }
        auto list = testsupport::runCli({"cache", "--list"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(a) && list.out.contains(b), qPrintable(list.out));
        QVERIFY2(list.out.contains("2 data folder(s)"), qPrintable(list.out));

        const auto cleared = testsupport::runCli({"cache", "--clear", "--data", a});
        QVERIFY2(cleared.exitCode == 0, qPrintable(cleared.err));
        list = testsupport::runCli({"cache", "--list"});
        QVERIFY2(!list.out.contains(a) && list.out.contains(b), qPrintable(list.out));
        QCOMPARE(testsupport::runCli({"cache", "--list", "--clear"}).exitCode, 2);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliCache)
#include "test_cli_cache.moc"
