// featurelab-cli embed: the CSV (path,label,x,y, one row per image of the split, labels from
// the class folders), PCA and t-SNE, the cache hit on a second run, the unlabelled test split,
// and usage errors.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <set>

#include "recipe_data.h"
#include "test_support.h"

namespace {

QStringList readLines(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestCliEmbed : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString data_;

    testsupport::CliResult embed(const QStringList& extra) {
        return testsupport::runCli(QStringList{"embed", "--data", data_, "--backbone",
                                               "resnet18@32", "--threads", "1", "--workers", "1",
                                               "--cache-dir", tmp_.filePath("cache")} +
                                   extra);
    }

    /// Checks the CSV against the split's files: one row each, label = its class folder.
    void checkCsv(const QString& csv, const QString& split, bool labelled) {
        const QStringList lines = readLines(csv);
        QCOMPARE(lines.value(0), QString("path,label,x,y"));
        std::set<QString> want, got;
        QDirIterator it(data_ + "/" + split, {"*.bmp"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) want.insert(QDir(data_).relativeFilePath(it.next()));
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(',');
            QCOMPARE(f.size(), 4);
            QVERIFY2(got.insert(f[0]).second, qPrintable(f[0]));  // once each
            QCOMPARE(f[1], labelled ? f[0].section('/', 1, 1) : QString());
            bool okX = false, okY = false;
            QVERIFY(std::isfinite(f[2].toDouble(&okX)) && okX);
            QVERIFY(std::isfinite(f[3].toDouble(&okY)) && okY);
        }
        QCOMPARE(got, want);
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = tmp_.filePath("colours");
        recipedata::makeColourFolder(data_, 3, 30, 7);
    }

    void pcaMapOfValid() {
        const QString csv = tmp_.filePath("pca.csv");
        const auto r = embed({"--method", "pca", "--csv", csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        checkCsv(csv, "valid", true);
        QVERIFY2(r.out.contains("valid/: 60 images mapped (of 60), 2 classes"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("PCA: the two axes explain [0-9.]+% and")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("60 images decoded, 0 from the feature cache"), qPrintable(r.out));
    }

    void tsneMapFromTheCache() {
        const QString csv = tmp_.filePath("tsne.csv");
        const auto r = embed({"--csv", csv, "--iterations", "300"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        checkCsv(csv, "valid", true);
        QVERIFY2(r.out.contains("t-SNE: perplexity 19.6667, 300 iterations, KL divergence"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("Note: Perplexity lowered from 30 to 19.6667 for 60 images"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("0 images decoded, 60 from the feature cache"), qPrintable(r.out));
        // The same seed gives the same map.
        const QString again = tmp_.filePath("tsne2.csv");
        QCOMPARE(embed({"--csv", again, "--iterations", "300"}).exitCode, 0);
        QCOMPARE(readLines(again), readLines(csv));
    }

    void sampleAndTestSplit() {
        const QString csv = tmp_.filePath("sample.csv");
        auto r = embed({"--method", "pca", "--split", "train", "--csv", csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        checkCsv(csv, "train", true);
        r = embed({"--method", "pca", "--max-points", "10", "--csv", csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(readLines(csv).size(), 11);
        QVERIFY2(r.out.contains("Note: Mapped 10 of 60 images"), qPrintable(r.out));
        r = embed({"--method", "tsne", "--split", "test", "--csv", csv, "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        checkCsv(csv, "test", false);
    }

    void usageErrors() {
        const QString csv = tmp_.filePath("bad.csv");
        struct Case {
            QStringList args;
            QString message;
        };
        const QList<Case> cases{
            {{}, "Missing required option --csv"},
            {{"--csv", csv, "--method", "umap"}, "--method"},
            {{"--csv", csv, "--perplexity", "1"}, "--perplexity"},
            {{"--csv", csv, "--iterations", "100"}, "--iterations"},
            {{"--csv", csv, "--split", "validation"}, "--split"},
            {{"--csv", csv, "--layer", "no_such_layer"}, "no_such_layer"},
        };
        for (const Case& c : cases) {
            const auto r = embed(c.args);
            QVERIFY2(r.exitCode == 2, qPrintable(c.args.join(' ') + ": " + r.err));
            // The last line says what is wrong (a runtime line may come before it).
            QVERIFY2(r.err.trimmed().section('\n', -1).contains(c.message), qPrintable(r.err));
        }
        QVERIFY(!QFile::exists(csv));
        // A folder that is not there is a failed job, not a usage error.
        const auto r = testsupport::runCli({"embed", "--data", tmp_.filePath("absent"),
                                            "--backbone", "resnet18@32", "--csv", csv});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("absent"), qPrintable(r.err));
        QVERIFY(!QFile::exists(csv));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliEmbed)
#include "test_cli_embed.moc"
