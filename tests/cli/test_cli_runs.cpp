// featurelab-cli runs, and recipe without --out: a run goes to a new folder under
// $XDG_DATA_HOME/featurelab/runs (never over an existing run), `runs` lists it as a table or
// JSON, --dir lists other folders, and a damaged run folder is a row saying why.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "recipe_data.h"
#include "test_support.h"

class TestCliRuns : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_, root_;

    testsupport::CliResult recipe(const QStringList& extra) {
        return testsupport::runCli(QStringList{"recipe", "--data", data_, "--backbone",
                                               "resnet18@32", "--stages", "linear", "--epochs", "1",
                                               "--batch-size", "8", "--threads", "1", "--workers",
                                               "1", "--quiet"} +
                                   extra);
    }
    static QString runFolder(const QString& out) {
        for (const QString& line : out.split('\n'))
            if (line.startsWith("Run folder ")) return line.mid(11);
        return QString();
    }

private Q_SLOTS:
    void initTestCase() {
        // Inherited by the CLI: its runs folder and cache are this test's.
        qputenv("XDG_DATA_HOME", tmp_.filePath("xdg-data").toUtf8());
        qputenv("XDG_CACHE_HOME", tmp_.filePath("xdg-cache").toUtf8());
        data_ = tmp_.filePath("colours");
        recipedata::makeColourFolder(data_, 4, 2, 0);
        root_ = tmp_.filePath("xdg-data/featurelab/runs");
    }

    void recipeWithoutOutWritesANewRunFolder() {
        const auto none = testsupport::runCli({"runs"});
        QCOMPARE(none.exitCode, 0);
        QVERIFY2(none.out.contains("Runs in " + root_) && none.out.contains("No runs yet."),
                 qPrintable(none.out));

        const auto first = recipe({});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const QString a = runFolder(first.out);
        QCOMPARE(QFileInfo(a).absolutePath(), root_);
        QVERIFY(QFileInfo(a + "/metrics.json").isFile());
        QVERIFY2(first.out.contains("Wrote " + a + "/"), qPrintable(first.out));
        const auto second = recipe({});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        const QString b = runFolder(second.out);
        QVERIFY(!b.isEmpty() && b != a);  // a new folder each time, never the same run
        QVERIFY(QFileInfo(a + "/metrics.json").isFile());
        // --out elsewhere still works and writes nothing into the runs folder.
        const auto elsewhere = recipe({"--out", tmp_.filePath("mine")});
        QVERIFY2(elsewhere.exitCode == 0, qPrintable(elsewhere.err));
        QVERIFY(runFolder(elsewhere.out).isEmpty());
        QCOMPARE(QDir(root_).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 2);
        // A run that fails before its first stage leaves no empty folder behind.
        const auto failed =
            testsupport::runCli({"recipe", "--data", tmp_.filePath("nothing"), "--backbone",
                                 "resnet18@32", "--stages", "linear", "--quiet"});
        QVERIFY(failed.exitCode != 0);
        QCOMPARE(QDir(root_).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 2);
    }

    void listsAsTableAndJson() {
        QDir().mkpath(root_ + "/damaged");
        QFile f(root_ + "/damaged/metrics.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format_version\": \"one\"}");
        f.close();

        const auto table = testsupport::runCli({"runs"});
        QCOMPARE(table.exitCode, 0);
        const QStringList lines = table.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);  // "Runs in", header, two runs, the damaged folder
        QVERIFY2(lines[1].startsWith("date") && lines[1].contains("valid acc") &&
                     lines[1].contains("wall time"),
                 qPrintable(lines[1]));
        for (int i : {2, 3}) {
            QVERIFY2(
                QRegularExpression("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  colours  +resnet18@32 "
                                   " +linear  +linear  +[01]\\.\\d{4}  +\\d+:\\d\\d  .*complete$")
                    .match(lines[i])
                    .hasMatch(),
                qPrintable(lines[i]));
        }
        QVERIFY2(lines[4].contains("damaged") &&
                     lines[4].contains("unreadable: metrics.json is not a metrics.json") &&
                     lines[4].contains("\"format_version\" is not a number"),
                 qPrintable(lines[4]));

        const auto json = testsupport::runCli({"runs", "--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(o["roots"].toArray().size(), 1);
        const QJsonArray runs = o["runs"].toArray();
        QCOMPARE(runs.size(), 3);
        const QJsonObject newest = runs[0].toObject();
        QCOMPARE(newest["status"].toString(), QString("complete"));
        QCOMPARE(newest["data"].toString(), QDir(data_).absolutePath());
        QCOMPARE(newest["backbone"].toString(), QString("resnet18@32"));
        QCOMPARE(newest["stages"].toArray().size(), 1);
        QCOMPARE(newest["best_stage"].toString(), QString("linear"));
        QVERIFY(newest["best_valid_acc"].toDouble() >= 0);
        QVERIFY(newest["wall_seconds"].toDouble() > 0);
        QVERIFY(newest["started"].toString().endsWith("Z"));
        const QJsonObject damaged = runs[2].toObject();
        QCOMPARE(damaged["status"].toString(), QString("unreadable"));
        QVERIFY(damaged["best_valid_acc"].isNull());
        QVERIFY(damaged["why"].toString().contains("format_version"));

        // --dir: other folders (repeatable), or a run folder itself.
        const auto other = testsupport::runCli(
            {"runs", "--json", "--dir", tmp_.filePath("mine"), "--dir", tmp_.filePath("none")});
        QCOMPARE(other.exitCode, 0);
        const QJsonArray mine = QJsonDocument::fromJson(other.out.toUtf8())["runs"].toArray();
        QCOMPARE(mine.size(), 1);
        QCOMPARE(mine[0].toObject()["folder"].toString(), tmp_.filePath("mine"));
        QCOMPARE(testsupport::runCli({"runs", "--jsn"}).exitCode, 2);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
