// The status bar's job area: the current job, a progress bar with images/s and ETA, and a
// Cancel button.
#pragma once

#include <QWidget>

#include "panel_types.h"

class QLabel;
class QProgressBar;
class QToolButton;

class JobStatus : public QWidget {
    Q_OBJECT
public:
    explicit JobStatus(QWidget* parent = nullptr);

    void setJob(const QString& name);
    void setProgress(const JobProgress& p);
    void setIdle();
    bool isBusy() const { return busy_; }

    QLabel* jobLabel() const { return job_; }
    QLabel* rateLabel() const { return rate_; }
    QProgressBar* progressBar() const { return bar_; }

    /// "1 min 05 s" style durations for the ETA.
    static QString formatDuration(double seconds);

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel* job_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QLabel* rate_ = nullptr;
    QToolButton* cancel_ = nullptr;
    bool busy_ = false;
};
