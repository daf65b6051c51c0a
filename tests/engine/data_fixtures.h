// Shared by the data tests: generated images (tests/fixtures/make_odd_images.py) and file helpers.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

namespace datafixtures {

/// Runs make_odd_images.py into dir; returns false (with a warning) when Python fails.
inline bool makeOddImages(const QString& dir) {
    QProcess p;
    p.start(QStringLiteral(FEATURELAB_PYTHON),
            {QStringLiteral(FEATURELAB_SOURCE_DIR) + "/tests/fixtures/make_odd_images.py", dir});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("make_odd_images.py failed: %s", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(path.section('/', 0, -2));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    return f.write(bytes) == bytes.size();
}

inline bool copyTo(const QString& from, const QString& to) { return writeBytes(to, readAll(from)); }

}  // namespace datafixtures
