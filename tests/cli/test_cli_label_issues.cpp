// featurelab-cli label-issues: the CSV (path,given,suggested,score, most likely mislabeled
// first) on real photos with flipped labels, the summary, --top, the cache hit on a second run,
// and usage errors.
#include <QFile>
#include <QTemporaryDir>
#include <set>

#include "flip_copy.h"
#include "test_support.h"

namespace {

constexpr int kPerClass = 150;
constexpr int kFlips = 6;  // per class: 12 of 300, 4%

QStringList readLines(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestCliLabelIssues : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void usageErrors() {
        const QStringList base{"label-issues", "--data", tmp_.path(), "--backbone",
                               "mobilenet_v1_0.25"};
        auto r = testsupport::runCli(base);  // no --csv
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--csv"), qPrintable(r.err));
        r = testsupport::runCli(base +
                                QStringList{"--csv", tmp_.filePath("x.csv"), "--folds", "1"});
        QCOMPARE(r.exitCode, 2);
        r = testsupport::runCli(base +
                                QStringList{"--csv", tmp_.filePath("x.csv"), "--split", "test"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!QFile::exists(tmp_.filePath("x.csv")));
    }

    void flippedLabelsComeFirst() {
        SKIP_WITHOUT_SHARED();
        const QString root = tmp_.filePath("data");
        const auto photos = flipcopy::photos(kPerClass);
        const auto flipped = flipcopy::flipSet(7, kPerClass, kFlips);
        const std::string problem =
            flipcopy::arrange(root.toStdString(),
                              testsupport::dogscatsDir().toStdString() + "/train", photos, flipped);
        QVERIFY2(problem.empty(), problem.c_str());
        const std::set<std::string> flippedPaths = flipcopy::flippedPaths(photos, flipped);
        const QString csv = tmp_.filePath("issues.csv");
        const QStringList args{"label-issues",
                               "--data",
                               root,
                               "--backbone",
                               "mobilenet_v1_0.25:" + testsupport::mobilenetWeights(),
                               "--csv",
                               csv,
                               "--cache-dir",
                               tmp_.filePath("cache")};
        auto r = testsupport::runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("Likely mislabeled:"), qPrintable(r.out));
        QVERIFY(r.out.contains("estimated noise"));
        QVERIFY(r.out.contains("300 images decoded"));

        const QStringList lines = readLines(csv);
        QCOMPARE(lines.size(), 2 * kPerClass + 1);
        QCOMPARE(lines[0], QString("path,given,suggested,score"));
        double last = -1;
        int flippedInTop = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(',');
            QCOMPARE(f.size(), 4);
            QVERIFY(f[0].startsWith("train/"));
            QCOMPARE(f[1], f[0].section('/', 1, 1));  // given: the folder it is in
            QVERIFY(f[2] == "cats" || f[2] == "dogs");
            const double score = f[3].toDouble();
            QVERIFY(score >= last && score <= 1);
            last = score;
            if (i <= 4 * kFlips) flippedInTop += flippedPaths.count(f[0].toStdString()) > 0;
        }
        qInfo("%d of the %d flipped labels in the first %d rows", flippedInTop, 2 * kFlips,
              4 * kFlips);
        QVERIFY(flippedInTop >= kFlips);  // at least half of them in twice their number of rows

        // A second run reads the features from the cache; --top keeps the first rows.
        r = testsupport::runCli(args + QStringList{"--top", "5"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 images decoded, 300 from the feature cache"), qPrintable(r.out));
        const QStringList top = readLines(csv);
        QCOMPARE(top, lines.mid(0, 6));

        // valid/ is judged on its own; this folder has none.
        r = testsupport::runCli(args + QStringList{"--split", "valid"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no valid/ folder"), qPrintable(r.err));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliLabelIssues)
#include "test_cli_label_issues.moc"
