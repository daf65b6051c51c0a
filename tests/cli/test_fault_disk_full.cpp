// Faults (issue 16, item 5): a full disk while featurelab-cli writes the feature cache, a run
// folder or an export. RLIMIT_FSIZE (sh's ulimit -f) in the child stands for the full disk; the
// wrapper ignores SIGXFSZ first, so a write past the limit fails with EFBIG as it would with
// ENOSPC. Each case writes a good file first: the failed overwrite must leave it intact.
#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "recipe_data.h"
#include "test_support.h"

namespace {

/// featurelab-cli args with writes limited to `kib` KiB per file (dash counts 512-byte blocks).
testsupport::CliResult runLimited(int kib, const QStringList& args, bool ignoreSigxfsz = true) {
    QProcess p;
    const QString script = QStringLiteral("%1ulimit -f %2; exec \"$0\" \"$@\"")
                               .arg(ignoreSigxfsz ? QStringLiteral("trap '' XFSZ; ") : QString())
                               .arg(kib * 2);
    p.start(QStringLiteral("/bin/sh"),
            QStringList{"-c", script, QStringLiteral(FEATURELAB_CLI_PATH)} + args);
    testsupport::CliResult r;
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// Relative path -> SHA-256 of every file under dir.
QMap<QString, QByteArray> hashes(const QString& dir) {
    QMap<QString, QByteArray> m;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QCryptographicHash h(QCryptographicHash::Sha256);
        if (f.open(QIODevice::ReadOnly)) h.addData(&f);
        m.insert(QDir(dir).relativeFilePath(path), h.result());
    }
    return m;
}

/// A clear failure: exit 1, and a last line from featurelab-cli naming the file, not a
/// library's text. Exit 1 also means no crash at exit: after a failed HDF5 write, libhdf5's
/// own exit handler used to crash on the file ID its failed close left behind (exit 139).
void verifyClearFailure(const testsupport::CliResult& r, const QString& mustName) {
    QCOMPARE(r.exitCode, 1);
    const QString last = r.err.trimmed().split('\n').last();
    QVERIFY2(last.startsWith(QStringLiteral("featurelab-cli ")) && last.contains(mustName) &&
                 !r.err.contains(QStringLiteral("unexpected error")) &&
                 !r.err.contains(QStringLiteral("terminate called")),
             qPrintable(mustName + QStringLiteral(" in: ") + r.err));
}

}  // namespace

class TestFaultDiskFull : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_, run_;
    QStringList recipeArgs_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath(QStringLiteral("data"));
        recipedata::makeColourFolder(data_, 16, 4, 0);
        run_ = dir_.filePath(QStringLiteral("run"));
    }

    void cacheWrite() {
        const QString cache = dir_.filePath(QStringLiteral("cache"));
        const QStringList args{"extract",     "--data", data_,       "--backbone", "resnet18@32",
                               "--cache-dir", cache,    "--workers", "1",          "--json"};
        const auto good = testsupport::runCli(args);
        QVERIFY2(good.exitCode == 0, qPrintable(good.err));
        const QString cacheFile =
            QJsonDocument::fromJson(good.out.toUtf8()).object().value("cache_file").toString();
        QVERIFY(QFileInfo(cacheFile).size() > 64 * 1024);  // 40 rows x 512 floats
        const auto before = hashes(cache);
        // New images: the cache must be written again, and that write runs out of room.
        recipedata::makeColourFolder(dir_.filePath(QStringLiteral("more")), 8, 0, 0, 9);
        for (const QString cls : {"blue", "red"})
            for (int i = 0; i < 8; ++i)
                QVERIFY(QFile::copy(QString("%1/more/train/%2/%3.bmp").arg(dir_.path(), cls).arg(i),
                                    QString("%1/train/%2/new%3.bmp").arg(data_, cls).arg(i)));
        const auto full = runLimited(32, args);
        // A random-weight backbone's key (and so the file name) differs per process: the failed
        // write is a new cache file beside the old one, which must stay as it was.
        verifyClearFailure(full, QStringLiteral("features-"));
        QCOMPARE(hashes(cache), before);  // the old cache, and no temporary beside it
    }

    void runFolderWrite() {
        recipeArgs_ = QStringList{"recipe",
                                  "--data",
                                  data_,
                                  "--backbone",
                                  "resnet18@32",
                                  "--out",
                                  run_,
                                  "--cache-dir",
                                  dir_.filePath("cache-run"),
                                  "--stages",
                                  "last",
                                  "--epochs",
                                  "1",
                                  "--batch-size",
                                  "8",
                                  "--workers",
                                  "1",
                                  "--threads",
                                  "1"};
        const QStringList& args = recipeArgs_;
        const auto good = testsupport::runCli(args);
        QVERIFY2(good.exitCode == 0, qPrintable(good.err));
        const auto before = hashes(run_);
        QVERIFY(before.contains("model.safetensors") && before.contains("metrics.json"));
        // The cache is already there: the first big write is the run's own (the model, 44 MB).
        const auto full = runLimited(1024, args);
        verifyClearFailure(full, QStringLiteral(".safetensors"));
        QCOMPARE(hashes(run_).value("model.safetensors"), before.value("model.safetensors"));
        QStringList temporaries;
        for (const QString& f : hashes(run_).keys())
            if (f.contains(QStringLiteral(".tmp"))) temporaries << f;
        QCOMPARE(temporaries, QStringList());
    }

    void exportWrite() {
        QVERIFY(QFileInfo::exists(run_ + "/model.safetensors"));
        const QString out = dir_.filePath(QStringLiteral("export/model.h5"));
        QDir().mkpath(QFileInfo(out).path());
        const QStringList args{"export", "--model", run_, "--out", out};
        const auto good = testsupport::runCli(args);
        QVERIFY2(good.exitCode == 0, qPrintable(good.err));
        const auto before = hashes(QFileInfo(out).path());
        const auto full = runLimited(1024, args);
        verifyClearFailure(full, QStringLiteral("model.h5"));
        QCOMPARE(hashes(QFileInfo(out).path()), before);
    }

    // Without the wrapper's trap, RLIMIT_FSIZE's SIGXFSZ would kill the process before write()
    // can fail; featurelab-cli ignores SIGXFSZ, so a user's `ulimit -f` gives an error message.
    void runFolderWithoutIgnoringSigxfsz() {
        QVERIFY(!recipeArgs_.isEmpty());
        const auto full = runLimited(1024, recipeArgs_, false);
        QCOMPARE(full.exitCode, 1);
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestFaultDiskFull)
#include "test_fault_disk_full.moc"
