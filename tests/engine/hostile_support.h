// Shared checks for the hostile-input corpus (tests/engine/test_hostile_*.cpp): every input must
// give one typed featurelab::Error that names the file and the problem, never a library
// exception, an Internal error, a crash or a runaway allocation.
#pragma once

#include <sys/resource.h>

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtTest>

#include <functional>
#include <set>
#include <string>

#include "featurelab/error.h"

namespace hostile {

/// Distinct hostile inputs run by this executable, by the name each error must mention
/// (printed at the end: the corpus size).
inline std::set<QString>& inputs() {
    static std::set<QString> names;
    return names;
}

/// Writes bytes to path; false when it cannot.
inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// What a case produced: the error, or why it is not an acceptable one.
struct Outcome {
    bool ok = false;
    QString text;
    featurelab::ErrorCode code = featurelab::ErrorCode::Internal;
};

/// Runs fn, which must throw a featurelab::Error naming `mustName` (usually the file's name),
/// with a code other than Internal and a message of at most a few lines without library
/// backtraces.
inline Outcome run(const std::function<void()>& fn, const QString& mustName) {
    inputs().insert(mustName);
    Outcome o;
    try {
        fn();
        o.text = QStringLiteral("no error was thrown");
        return o;
    } catch (const featurelab::Error& e) {
        o.code = e.code();
        o.text = QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        o.text = QStringLiteral("a library exception leaked: ") + QString::fromUtf8(e.what());
        return o;
    } catch (...) {
        o.text = QStringLiteral("a non-standard exception leaked");
        return o;
    }
    if (o.code == featurelab::ErrorCode::Internal)
        o.text = QStringLiteral("an Internal error: ") + o.text;
    else if (!mustName.isEmpty() && !o.text.contains(mustName))
        o.text =
            QStringLiteral("the message does not name ") + mustName + QStringLiteral(": ") + o.text;
    else if (o.text.count(QLatin1Char('\n')) > 12 || o.text.contains("Exception raised from") ||
             o.text.contains("unexpected error") || o.text.contains("basic_string") ||
             o.text.contains("map::at") || o.text.contains("std::bad_alloc") ||
             o.text.contains("INTERNAL ASSERT") || o.text.contains("[json.exception"))
        o.text = QStringLiteral("library text in the message: ") + o.text;
    else
        o.ok = true;
    return o;
}

/// Peak resident memory of this process so far, in MB.
inline long peakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

/// The bound on a hostile input: 1 GB resident. Under AddressSanitizer the same run
/// measures the sanitizer too (shadow memory, redzones around every allocation and a 256 MB
/// quarantine of freed blocks): test_hostile_torch_save peaked at 325 MB in Release and
/// 1158 MB under ASan on 2026-12-02. The Release suite enforces the product's bound; the ASan
/// suite allows ASan's usual 3x overhead so that it still catches a runaway allocation.
inline long memoryBoundMb() {
#if defined(__SANITIZE_ADDRESS__)
    return 3 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 3 * 1024;
#else
    return 1024;
#endif
#else
    return 1024;
#endif
}

}  // namespace hostile

/// Fails the current row unless fn throws an acceptable featurelab::Error naming name;
/// prints the message (the corpus doubles as a catalogue of what users see).
#define EXPECT_HOSTILE_ERROR(fn, name)                                \
    do {                                                              \
        const hostile::Outcome outcome_ = hostile::run((fn), (name)); \
        qInfo().noquote() << outcome_.text.left(300);                 \
        QVERIFY2(outcome_.ok, qPrintable(outcome_.text));             \
    } while (0)

/// In cleanupTestCase: the corpus size, and the whole run stayed under 1 GB resident
/// (memoryBoundMb()).
#define REPORT_HOSTILE_CORPUS()                                                               \
    do {                                                                                      \
        qInfo().noquote() << QStringLiteral("distinct hostile inputs: %1, peak memory %2 MB") \
                                 .arg(hostile::inputs().size())                               \
                                 .arg(hostile::peakRssMb());                                  \
        QVERIFY2(hostile::peakRssMb() < hostile::memoryBoundMb(),                             \
                 "a hostile input cost more than 1 GB (3 GB under ASan)");                    \
    } while (0)
