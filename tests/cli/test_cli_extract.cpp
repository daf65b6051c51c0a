// featurelab-cli extract: summary, cache hit on the second run, layers, bad files, bad options.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "test_support.h"

namespace {

bool copyFile(const QString& from, const QString& to) {
    QDir().mkpath(QFileInfo(to).path());
    return QFile::copy(from, to);
}

/// 8 train + 4 valid real photos from ../shared, plus one JPEG with a broken header.
QString makeSubset(const QString& root) {
    const QString src = testsupport::dogscatsDir();
    for (int i = 1; i <= 4; ++i) {
        copyFile(src + QString("/train/cats/cat.%1.jpg").arg(i),
                 root + QString("/train/cats/cat.%1.jpg").arg(i));
        copyFile(src + QString("/train/dogs/dog.%1.jpg").arg(i),
                 root + QString("/train/dogs/dog.%1.jpg").arg(i));
    }
    for (int i = 4001; i <= 4002; ++i) {
        copyFile(src + QString("/valid/cats/cat.%1.jpg").arg(i),
                 root + QString("/valid/cats/cat.%1.jpg").arg(i));
        copyFile(src + QString("/valid/dogs/dog.%1.jpg").arg(i),
                 root + QString("/valid/dogs/dog.%1.jpg").arg(i));
    }
    QFile bad(root + "/train/cats/broken.jpg");
    bad.open(QIODevice::WriteOnly);
    bad.write("\xFF\xD8\xFF not really a jpeg");
    return root;
}

QJsonObject runJson(const QStringList& args, testsupport::CliResult* raw = nullptr) {
    const auto r = testsupport::runCli(QStringList{"extract"} + args + QStringList{"--json"});
    if (raw) *raw = r;
    if (r.exitCode != 0) qWarning("extract failed: %s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

QJsonObject split(const QJsonObject& j, const QString& name) {
    for (const auto& s : j["splits"].toArray())
        if (s.toObject()["split"].toString() == name) return s.toObject();
    return {};
}

}  // namespace

class TestCliExtract : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realBackboneSecondRunIsACacheHit() {
        SKIP_WITHOUT_SHARED();
        QTemporaryDir dir;
        const QString data = makeSubset(dir.path() + "/data");
        const QString spec = "mobilenet_v1_0.25:" + testsupport::mobilenetWeights();
        testsupport::CliResult raw;
        const QJsonObject first =
            runJson({"--data", data, "--backbone", spec, "--workers", "2"}, &raw);
        QCOMPARE(raw.exitCode, 0);
        QVERIFY2(raw.err.contains("extract train"), qPrintable(raw.err));  // the progress line
        QCOMPARE(first["layer"].toString(), QString("penultimate"));
        const QJsonObject train = split(first, "train");
        QCOMPARE(train["images"].toInt(), 8);
        QCOMPARE(train["decoded"].toInt(), 8);
        QCOMPARE(train["feature_dim"].toInt(), 256);
        QCOMPARE(train["skipped"].toArray().size(), 1);
        QCOMPARE(train["skipped"].toArray()[0].toObject()["path"].toString(),
                 QString("train/cats/broken.jpg"));
        QCOMPARE(split(first, "valid")["images"].toInt(), 4);
        QVERIFY(QFileInfo::exists(first["cache_file"].toString()));
        // The default cache is per user (tests point XDG_CACHE_HOME into the build folder),
        // never inside the data folder.
        QVERIFY2(first["cache_file"].toString().startsWith(qEnvironmentVariable("XDG_CACHE_HOME") +
                                                           "/featurelab/data-"),
                 qPrintable(first["cache_file"].toString()));
        QVERIFY(!QFileInfo::exists(data + "/.featurelab-cache"));

        const QJsonObject second = runJson({"--data", data, "--backbone", spec});
        QCOMPARE(split(second, "train")["decoded"].toInt(), 0);
        QCOMPARE(split(second, "train")["cached"].toInt(), 8);
        QCOMPARE(split(second, "valid")["decoded"].toInt(), 0);
        QCOMPARE(second["cache_file"].toString(), first["cache_file"].toString());

        // Another layer is another cache; probs are 1000 ImageNet probabilities.
        const QJsonObject probs = runJson({"--data", data, "--backbone", spec, "--layer", "probs",
                                           "--cache-dir", dir.path() + "/cache"});
        QCOMPARE(split(probs, "train")["feature_dim"].toInt(), 1000);
        QCOMPARE(split(probs, "train")["decoded"].toInt(), 8);
        QVERIFY(probs["cache_file"].toString().startsWith(dir.path() + "/cache/"));
    }

    void humanSummary() {
        SKIP_WITHOUT_SHARED();
        QTemporaryDir dir;
        const QString data = makeSubset(dir.path() + "/data");
        const auto r =
            testsupport::runCli({"extract", "--data", data, "--backbone",
                                 "mobilenet_v1_0.25:" + testsupport::mobilenetWeights()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("images/s") && r.out.contains("Cache:"), qPrintable(r.out));
        QVERIFY(r.out.contains("train/cats/broken.jpg"));
        QVERIFY(r.err.contains("Runtime:"));
    }

    void randomInitNetworksNeverShareACache() {
        // Without a weights file every run is a new random network: its features must not be
        // served from a cache written by another one. Runs without ../shared.
        QTemporaryDir dir;
        const QString data = dir.path() + "/data";
        QVERIFY(QProcess::execute(
                    QStringLiteral(FEATURELAB_PYTHON),
                    {QStringLiteral(FEATURELAB_SOURCE_DIR) + "/tests/fixtures/make_odd_images.py",
                     dir.path() + "/src"}) == 0);
        for (const char* f : {"photo.jpg", "generated.png", "gray.png", "cmyk.jpg"}) {
            QVERIFY(copyFile(dir.path() + "/src/" + f, data + "/train/a/" + f));
            QVERIFY(copyFile(dir.path() + "/src/" + f, data + "/train/b/" + f));
        }
        const QStringList args{"--data",    data, "--backbone", "mobilenet_v1_0.25@64",
                               "--workers", "1"};
        const QJsonObject a = runJson(args), b = runJson(args);
        QCOMPARE(split(a, "train")["decoded"].toInt(), 8);
        QCOMPARE(split(b, "train")["decoded"].toInt(), 8);
        QVERIFY(a["cache_file"].toString() != b["cache_file"].toString());
    }

    void badOptions() {
        QCOMPARE(testsupport::runCli({"extract", "--backbone", "mobilenet_v1_0.25"}).exitCode, 2);
        QCOMPARE(testsupport::runCli(
                     {"extract", "--data", "/nonexistent", "--backbone", "x", "--bogus", "1"})
                     .exitCode,
                 2);
        QTemporaryDir dir;
        const auto r = testsupport::runCli(
            {"extract", "--data", dir.path() + "/missing", "--backbone", "mobilenet_v1_0.25"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("not found"));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliExtract)
#include "test_cli_extract.moc"
