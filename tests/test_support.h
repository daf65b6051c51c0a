// Helpers shared by the tests: where the shared data lives, and skipping when it is absent.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QTest>

namespace testsupport {

/// ../shared next to the source tree (FEATURELAB_SHARED_DIR overrides it).
inline QString sharedDir() {
    const QByteArray env = qgetenv("FEATURELAB_SHARED_DIR");
    return env.isEmpty() ? QStringLiteral(FEATURELAB_SHARED_DIR) : QString::fromLocal8Bit(env);
}
inline QString dogscatsDir() { return sharedDir() + QStringLiteral("/data/dogscats"); }
inline QString mobilenetWeights() {
    return sharedDir() + QStringLiteral("/models/mobilenet_2_5_128_tf.h5");
}
inline bool haveShared() { return QFileInfo::exists(dogscatsDir() + QStringLiteral("/train")); }

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs featurelab-cli with args and waits up to timeoutMs.
inline CliResult runCli(const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.start(QStringLiteral(FEATURELAB_CLI_PATH), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
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

}  // namespace testsupport

#define SKIP_WITHOUT_SHARED()                                                                  \
    do {                                                                                       \
        if (!testsupport::haveShared())                                                        \
            QSKIP("../shared/data/dogscats is absent; put the dogs-vs-cats data there to run " \
                  "this test");                                                                \
    } while (0)
