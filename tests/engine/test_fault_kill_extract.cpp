// Faults (issue 16, item 5): `kill -9` of a child featurelab-cli extract while it writes the
// feature cache. The real cache file is never half-written (temp file + rename), and the next
// run, after damage to the cache, says it rebuilds and gets the same features as a clean run.
// Torchvision ResNet-18 weights (the Python fixture) make features equal across processes.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "features/cache_store.h"
#include "features/hdf5_file.h"
#include "model_fixtures.h"
#include "recipe_data.h"
#include "test_support.h"

using namespace featurelab;

namespace {

const QStringList kTorchvisionArgs = {"torchvision", "--out", modelfixtures::dir()};

QByteArray sha(const QString& file) {
    QFile f(file);
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (f.open(QIODevice::ReadOnly)) h.addData(&f);
    return h.result();
}

/// split -> (path -> row) through the engine's validating reader.
std::map<std::string, std::map<std::string, std::vector<float>>> rowsOf(const QString& file) {
    const std::string path = file.toStdString();
    std::string key;
    {
        h5::Handle f = h5::openFile(path);
        key = h5::readStringAttr(f.get(), "key");
    }
    std::map<std::string, std::map<std::string, std::vector<float>>> out;
    for (const auto& [name, s] : readFeatureCache(path, key).splits)
        for (std::size_t i = 0; i < s.rows(); ++i)
            out[name][s.paths[i]] =
                std::vector<float>(s.features.begin() + std::ptrdiff_t(i * s.dim),
                                   s.features.begin() + std::ptrdiff_t((i + 1) * s.dim));
    return out;
}

}  // namespace

class TestFaultKillExtract : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_, cache_, backbone_;

    QStringList args(const QString& cache) const {
        return {"extract", "--data",    data_, "--backbone", backbone_, "--cache-dir",
                cache,     "--workers", "1",   "--threads",  "1",       "--json"};
    }
    QJsonObject runJson(const QString& cache, QString* err = nullptr) {
        const auto r = testsupport::runCli(args(cache));
        if (err) *err = r.err;
        if (r.exitCode != 0) qWarning().noquote() << r.err;
        return r.exitCode == 0 ? QJsonDocument::fromJson(r.out.toUtf8()).object() : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        ENSURE_FIXTURE("torchvision.done", kTorchvisionArgs);
        backbone_ = QStringLiteral("resnet18@32:") + modelfixtures::dir() + "/resnet18.safetensors";
        data_ = dir_.filePath(QStringLiteral("data"));
        cache_ = dir_.filePath(QStringLiteral("cache"));
        recipedata::makeColourFolder(data_, 150, 20, 0);
    }

    void killDuringCacheWrite() {
        const QJsonObject first = runJson(cache_);
        const QString cacheFile = first.value("cache_file").toString();
        QVERIFY(QFileInfo::exists(cacheFile));
        const QByteArray before = sha(cacheFile);

        // New images make the next run rewrite the cache. Kill it the moment its temporary
        // appears (the name holds its pid); a run that finishes first is retried.
        bool killedMidWrite = false;
        for (int attempt = 0; attempt < 5 && !killedMidWrite; ++attempt) {
            recipedata::makeColourFolder(dir_.filePath(QString("more%1").arg(attempt)), 2, 0, 0,
                                         100 + attempt);
            for (const QString cls : {"blue", "red"})
                for (int i = 0; i < 2; ++i)
                    QVERIFY(QFile::copy(
                        QString("%1/more%2/train/%3/%4.bmp")
                            .arg(dir_.path())
                            .arg(attempt)
                            .arg(cls)
                            .arg(i),
                        QString("%1/train/%2/k%3-%4.bmp").arg(data_, cls).arg(attempt).arg(i)));
            QProcess p;
            p.start(QStringLiteral(FEATURELAB_CLI_PATH), args(cache_));
            QVERIFY(p.waitForStarted());
            const QByteArray tmpPrefix =
                (cacheFile + ".tmp-" + QString::number(p.processId())).toLocal8Bit();
            QElapsedTimer clock;
            clock.start();
            while (p.state() == QProcess::Running && clock.elapsed() < 300000) {
                QDir cacheDir(cache_);
                const QStringList tmps = cacheDir.entryList(
                    {QFileInfo(QString::fromLocal8Bit(tmpPrefix)).fileName() + "*"}, QDir::Files);
                if (!tmps.isEmpty()) {
                    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
                    killedMidWrite = true;
                    break;
                }
                ::usleep(200);
            }
            p.waitForFinished(60000);
        }
        QVERIFY2(killedMidWrite, "five runs finished before their cache write could be caught");
        QCOMPARE(sha(cacheFile), before);  // the real name still holds the complete old file
        // The killed writer's temporary is still there. Made to look a few minutes old (a
        // younger one could be another machine's writer at work), the next run removes it.
        const QString tmpPattern = QFileInfo(cacheFile).fileName() + ".tmp-*";
        const QStringList left = QDir(cache_).entryList({tmpPattern}, QDir::Files);
        QCOMPARE(left.size(), 1);
        const utimbuf fiveMinutesAgo{::time(nullptr) - 300, ::time(nullptr) - 300};
        QVERIFY(::utime(QFile::encodeName(cache_ + "/" + left[0]).constData(), &fiveMinutesAgo) ==
                0);

        // Damage the cache as a non-atomic writer would have: cut it in half.
        QFile cut(cacheFile);
        QVERIFY(cut.resize(cut.size() / 2));
        QString err;
        const QJsonObject again = runJson(cache_, &err);
        QVERIFY2(!again.isEmpty(), qPrintable(err));
        QVERIFY2(err.contains("unusable") && err.contains("rebuilding"), qPrintable(err));
        QVERIFY2(err.contains("Removed 1 unfinished temporary cache file(s)"), qPrintable(err));
        QCOMPARE(QDir(cache_).entryList({tmpPattern}, QDir::Files), QStringList());
        for (const auto& v : again.value("splits").toArray()) {
            const QJsonObject s = v.toObject();
            QCOMPARE(s.value("cached").toInt(), 0);
            QCOMPARE(s.value("decoded").toInt(), s.value("images").toInt());
        }
        // The same features as an uninterrupted run into a fresh cache folder.
        const QJsonObject clean = runJson(dir_.filePath(QStringLiteral("cache-clean")));
        const auto a = rowsOf(again.value("cache_file").toString());
        const auto b = rowsOf(clean.value("cache_file").toString());
        QCOMPARE(a.size(), std::size_t(2));
        QVERIFY(a.at("train").size() > 300);
        QVERIFY(a == b);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestFaultKillExtract)
#include "test_fault_kill_extract.moc"
