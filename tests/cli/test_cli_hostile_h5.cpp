// featurelab-cli on a Keras file that crashes libhdf5 1.10.8 (class B of tests/fuzz/README.md):
// exit code 1 and one line naming the file, not a SIGSEGV. FEATURELAB_NO_H5_SANDBOX=1 reads it
// in the CLI's own process, which then dies: the input is a real crash, and the switch works.
#include <QFile>
#include <QTemporaryDir>

#include <cstring>

#include "test_support.h"

namespace {

struct Run {
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QString err;
};

Run summary(const QString& weights, bool sandboxOff) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (sandboxOff) env.insert("FEATURELAB_NO_H5_SANDBOX", "1");
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FEATURELAB_CLI_PATH),
            {"summary", "--backbone", "mobilenet_v1_0.25:" + weights});
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.status = p.exitStatus();
    r.code = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace

class TestCliHostileH5 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void libhdf5CrashIsAnError() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // The seed with the 8 bytes tests/fuzz/README.md names: the data address of the local
        // heap of /model_weights/conv1/conv1 becomes undefined.
        QFile in(QStringLiteral(FEATURELAB_SOURCE_DIR "/tests/fuzz/corpus/keras_h5/model.h5"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        QCOMPARE(bytes.mid(10040, 4), QByteArray("HEAP"));
        std::memset(bytes.data() + 10064, 0xFF, 8);
        const QString path = tmp.filePath("class_b.h5");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();

        const Run r = summary(path, false);
        qInfo().noquote() << r.err.trimmed();
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains(path) &&
                     r.err.contains("libhdf5 crashed while reading it (signal 11, SIGSEGV)"),
                 qPrintable(r.err));

        // In an AddressSanitizer build its SEGV handler reports and exits with status 1.
        const Run off = summary(path, true);
        QVERIFY2(off.status == QProcess::CrashExit || off.err.contains("AddressSanitizer: SEGV"),
                 qPrintable(off.err.left(300)));
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestCliHostileH5)
#include "test_cli_hostile_h5.moc"
