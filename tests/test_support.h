// Helpers shared by the tests: where the shared data lives, and honest skipping (fail under CI).
#pragma once

#include <QCoreApplication>
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

/// CI=true (as CI sets it): a test that cannot run here must fail, never pass as a skip.
inline bool ciRequiresEverything() {
    const QByteArray ci = qgetenv("CI").trimmed().toLower();
    return ci == "true" || ci == "1";
}

/// Skips counted by FEATURELAB_SKIP; the test's main turns them into kSkipReturnCode.
inline int& skipCount() {
    static int count = 0;
    return count;
}

/// Registered with CTest as SKIP_RETURN_CODE: a run that skipped anything shows as "Not Run".
constexpr int kSkipReturnCode = 77;

/// The test's exit code: QtTest's failure count, or kSkipReturnCode when something skipped.
inline int exitCode(int qtestResult) {
    return qtestResult == 0 && skipCount() > 0 ? kSkipReturnCode : qtestResult;
}

}  // namespace testsupport

/// The one way to skip: fails under CI=true, otherwise counts the skip (so CTest reports the
/// test as "Not Run", not as passed) and skips with the reason.
#define FEATURELAB_SKIP(reason)                                                          \
    do {                                                                                 \
        const QString why_skip_ = (reason);                                              \
        if (testsupport::ciRequiresEverything())                                         \
            QFAIL(qPrintable(QStringLiteral("CI=true forbids skipping: ") + why_skip_)); \
        ++testsupport::skipCount();                                                      \
        QSKIP(qPrintable(why_skip_));                                                    \
    } while (0)

#define SKIP_WITHOUT_SHARED()                                                                  \
    do {                                                                                       \
        if (!testsupport::haveShared())                                                        \
            FEATURELAB_SKIP(                                                                   \
                QStringLiteral("../shared/data/dogscats is absent; put the dogs-vs-cats data " \
                               "there to run this test"));                                     \
    } while (0)

// QTEST_MAIN / QTEST_GUILESS_MAIN (Qt's own set-up macros) with the skip-aware exit code.
#define FEATURELAB_TEST_MAIN_WRAPPER(TestObject, ...)                \
    int main(int argc, char* argv[]) {                               \
        QTest::Internal::callInitMain<TestObject>();                 \
        __VA_ARGS__                                                  \
        TestObject tc;                                               \
        QTEST_SET_MAIN_SOURCE_PATH                                   \
        return testsupport::exitCode(QTest::qExec(&tc, argc, argv)); \
    }
#define FEATURELAB_TEST_MAIN(TestObject) \
    FEATURELAB_TEST_MAIN_WRAPPER(TestObject, QTEST_MAIN_SETUP())
#define FEATURELAB_TEST_GUILESS_MAIN(TestObject) \
    FEATURELAB_TEST_MAIN_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
