// Test helpers for the model tests: generating Python parity fixtures once per build dir,
// reading their reference tensors, and comparing outputs.
#pragma once

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QString>
#include <QTest>

#include <map>
#include <string>

#include "models/weights_io.h"
#include "test_support.h"

namespace modelfixtures {

inline QString dir() { return QStringLiteral(FEATURELAB_FIXTURE_DIR "/models"); }
inline std::string path(const QString& name) { return (dir() + "/" + name).toStdString(); }

inline QString script() {
    return QStringLiteral(FEATURELAB_SOURCE_DIR "/tests/fixtures/make_model_fixtures.py");
}

/// The fixture script's SHA-256: a sentinel holding another hash came from an older script.
inline QByteArray scriptHash() {
    QFile f(script());
    if (!f.open(QIODevice::ReadOnly)) return QByteArray();
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// True when the sentinel exists and was written by today's fixture script.
inline bool fixtureIsCurrent(const QString& sentinel) {
    QFile f(dir() + "/" + sentinel);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray hash = scriptHash();
    return !hash.isEmpty() && f.readAll().trimmed() == hash;
}

/// Why the Python fixtures cannot be generated here ("" when they can).
inline QString pythonProblem() {
    static QString cached = [] {
        const QString python = QStringLiteral(FEATURELAB_PYTHON);
        if (python.isEmpty() || !QFileInfo::exists(python))
            return QStringLiteral("no /usr/bin/python3; run packaging/setup-deps.sh");
        QProcess p;
        p.start(python, {script(), "check"});
        if (!p.waitForFinished(120000) || p.exitCode() != 0)
            return QStringLiteral(
                       "/usr/bin/python3 lacks python3-torch, python3-torchvision, "
                       "python3-h5py or python3-opencv (%1); packaging/setup-deps.sh "
                       "installs them")
                .arg(QString::fromUtf8(p.readAllStandardOutput()).trimmed());
        return QString();
    }();
    return cached;
}

/// Runs the fixture script with args unless sentinel (a file name in dir()) is current.
/// Returns "" on success, else the reason (script output).
inline QString ensure(const QString& sentinel, QStringList args) {
    if (fixtureIsCurrent(sentinel)) return QString();
    const QString problem = pythonProblem();
    if (!problem.isEmpty()) return problem;
    QDir().mkpath(dir());
    // ctest -j runs several model tests at once: one generates, the others wait for it.
    QLockFile lock(dir() + "/" + sentinel + ".lock");
    lock.setStaleLockTime(0);
    if (!lock.tryLock(900000)) return QStringLiteral("timed out waiting for another fixture run");
    if (fixtureIsCurrent(sentinel)) return QString();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    args.insert(0, script());
    p.start(QStringLiteral(FEATURELAB_PYTHON), args);
    if (!p.waitForFinished(900000) || p.exitCode() != 0)
        return QStringLiteral("fixture script failed: ") + QString::fromUtf8(p.readAll());
    qInfo().noquote() << QString::fromUtf8(p.readAll()).trimmed();
    return QString();
}

inline std::map<std::string, torch::Tensor> readRef(const QString& name) {
    std::map<std::string, torch::Tensor> out;
    for (auto& [k, v] : featurelab::readSafetensors(path(name))) out[k] = v;
    return out;
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace modelfixtures

/// Skips the test when Python lacks the modules (saying why; a failure under CI=true); fails
/// when the script fails.
#define ENSURE_FIXTURE(sentinel, ...)                                      \
    do {                                                                   \
        if (!modelfixtures::fixtureIsCurrent(sentinel) &&                  \
            !modelfixtures::pythonProblem().isEmpty())                     \
            FEATURELAB_SKIP(QStringLiteral("parity fixture skipped: ") +   \
                            modelfixtures::pythonProblem());               \
        const QString why_ = modelfixtures::ensure(sentinel, __VA_ARGS__); \
        if (!why_.isEmpty()) QFAIL(qPrintable(why_));                      \
    } while (0)
