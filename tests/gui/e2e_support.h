// Support for the end-to-end GUI tests: a small real ImageFolder linked from ../shared, and an
// event-loop stall meter.
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

#include "test_support.h"

namespace e2e {

/// Links the first n images of each class of each split of dogscats into root (symlinks, so
/// nothing is copied). Returns false when a link fails.
inline bool linkSubset(const QString& root, int trainPerClass, int validPerClass) {
    const QString src = testsupport::dogscatsDir();
    for (const auto& [split, n] : {std::pair<QString, int>{"train", trainPerClass}, {"valid", validPerClass}}) {
        for (const QString& cls : {QStringLiteral("cats"), QStringLiteral("dogs")}) {
            const QDir from(src + "/" + split + "/" + cls);
            QDir().mkpath(root + "/" + split + "/" + cls);
            QStringList files = from.entryList({"*.jpg"}, QDir::Files, QDir::Name);
            for (int i = 0; i < n && i < files.size(); ++i)
                if (!QFile::link(from.filePath(files[i]), root + "/" + split + "/" + cls + "/" + files[i]))
                    return false;
        }
    }
    return true;
}

/// Measures the longest gap between ticks of a 5 ms timer: how long the UI thread was busy.
class StallMeter : public QObject {
public:
    StallMeter() {
        timer_.setInterval(5);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            worst_ = qMax(worst_, clock_.restart());
        });
    }
    void start() {
        worst_ = 0;
        clock_.start();
        timer_.start();
    }
    void stop() { timer_.stop(); }
    /// Worst gap minus the timer's own interval.
    qint64 worstStallMs() const { return qMax<qint64>(0, worst_ - timer_.interval()); }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 worst_ = 0;
};

}  // namespace e2e
