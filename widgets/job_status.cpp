// Status bar job area.
#include "job_status.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>
#include <cmath>

JobStatus::JobStatus(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    // Room between the status bar's message (left) and this job area, which abut otherwise.
    layout->setContentsMargins(16, 0, 0, 0);
    job_ = new QLabel(this);
    job_->setObjectName(QStringLiteral("jobLabel"));
    bar_ = new QProgressBar(this);
    bar_->setObjectName(QStringLiteral("jobProgress"));
    bar_->setMaximumWidth(220);
    bar_->setTextVisible(true);
    rate_ = new QLabel(this);
    rate_->setObjectName(QStringLiteral("jobRate"));
    cancel_ = new QToolButton(this);
    cancel_->setObjectName(QStringLiteral("jobCancel"));
    cancel_->setText(tr("Cancel"));
    cancel_->setToolTip(tr("Cancel the running job (Esc)"));
    connect(cancel_, &QToolButton::clicked, this, &JobStatus::cancelRequested);
    layout->addWidget(job_);
    layout->addWidget(bar_);
    layout->addWidget(rate_);
    layout->addWidget(cancel_);
    setIdle();
}

QString JobStatus::formatDuration(double s) {
    if (s < 0 || !std::isfinite(s)) return tr("unknown");
    const int total = int(std::lround(s));
    if (total < 60) return tr("%1 s").arg(total);
    if (total < 3600)
        return tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

void JobStatus::setJob(const QString& name) {
    busy_ = true;
    job_->setText(name);
    bar_->setRange(0, 0);  // busy indicator until the first progress report
    rate_->clear();
    for (QWidget* w : std::initializer_list<QWidget*>{job_, bar_, rate_, cancel_}) w->show();
}

void JobStatus::setProgress(const JobProgress& p) {
    if (!p.phase.isEmpty()) job_->setText(p.phase);
    if (p.total > 0) {
        bar_->setRange(0, 1000);
        bar_->setValue(int(1000.0 * double(p.done) / double(p.total)));
        bar_->setFormat(QStringLiteral("%1 / %2").arg(p.done).arg(p.total));
    } else {
        bar_->setRange(0, 0);
    }
    QStringList parts;
    if (p.itemsPerSecond > 0) parts << tr("%1 images/s").arg(p.itemsPerSecond, 0, 'f', 1);
    if (p.etaSeconds >= 0) parts << tr("ETA %1").arg(formatDuration(p.etaSeconds));
    rate_->setText(parts.join(QStringLiteral(" · ")));
}

void JobStatus::setIdle() {
    busy_ = false;
    job_->clear();
    rate_->clear();
    bar_->reset();
    for (QWidget* w : std::initializer_list<QWidget*>{job_, bar_, rate_, cancel_}) w->hide();
}
