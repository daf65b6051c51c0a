// Support for the end-to-end GUI tests: a small real ImageFolder linked from ../shared, and an
// event-loop stall meter.
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <ctime>

#include "test_support.h"

namespace e2e {

/// Links the first n images of each class of each split of dogscats into root (symlinks, so
/// nothing is copied). Returns false when a link fails.
inline bool linkSubset(const QString& root, int trainPerClass, int validPerClass) {
    const QString src = testsupport::dogscatsDir();
    for (const auto& [split, n] :
         {std::pair<QString, int>{"train", trainPerClass}, {"valid", validPerClass}}) {
        for (const QString& cls : {QStringLiteral("cats"), QStringLiteral("dogs")}) {
            const QDir from(src + "/" + split + "/" + cls);
            QDir().mkpath(root + "/" + split + "/" + cls);
            QStringList files = from.entryList({"*.jpg"}, QDir::Files, QDir::Name);
            for (int i = 0; i < n && i < files.size(); ++i)
                if (!QFile::link(from.filePath(files[i]),
                                 root + "/" + split + "/" + cls + "/" + files[i]))
                    return false;
        }
    }
    return true;
}

/// Measures how long the UI thread went without returning to its event loop, with a 5 ms
/// timer: the longest wall-clock gap between ticks, and the most CPU time the UI thread itself
/// used between two ticks. The first includes time the OS gave to other processes; the second
/// is the application's own blocking work, whatever the machine's load.
/// FEATURELAB_STALL_LOG=1 prints every wall-clock gap over 15 ms with its time since start().
class StallMeter : public QObject {
public:
    StallMeter() {
        timer_.setInterval(5);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 gap = clock_.restart();
            const double cpu = threadCpuMs();
            worstCpu_ = qMax(worstCpu_, cpu - lastCpu_);
            lastCpu_ = cpu;
            if (gap > 15 && qEnvironmentVariableIsSet("FEATURELAB_STALL_LOG"))
                qInfo("stall %lld ms at %lld ms", gap, total_.elapsed());
            worst_ = qMax(worst_, gap);
        });
    }
    void start() {
        worst_ = 0;
        worstCpu_ = 0;
        lastCpu_ = threadCpuMs();
        clock_.start();
        total_.start();
        timer_.start();
    }
    void stop() { timer_.stop(); }
    /// Worst wall-clock gap minus the timer's own interval.
    qint64 worstStallMs() const { return qMax<qint64>(0, worst_ - timer_.interval()); }
    /// Worst UI-thread CPU time between two ticks.
    double worstBusyMs() const { return worstCpu_; }
    /// The 1-minute load average per core (from /proc/loadavg; 0 when unknown).
    static double loadPerCore() {
        QFile f("/proc/loadavg");
        if (!f.open(QIODevice::ReadOnly)) return 0;
        return QString::fromLatin1(f.readAll()).section(' ', 0, 0).toDouble() /
               qMax(1, QThread::idealThreadCount());
    }

private:
    static double threadCpuMs() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    }
    QTimer timer_;
    QElapsedTimer clock_, total_;
    qint64 worst_ = 0;
    double worstCpu_ = 0, lastCpu_ = 0;
};

}  // namespace e2e
