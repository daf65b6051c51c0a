// Job lane: the thread boundary where engine exceptions become error signals.
#include "job_lane.h"

#include <exception>

#include "featurelab/error.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {
// Engine jobs keep every core busy (LibTorch and decode workers). A nicer job thread (its
// worker threads inherit the niceness when it creates them) lets the UI thread run the moment
// it wakes, which keeps event-loop stalls short on a two-core machine; the job loses almost
// nothing because the UI thread is idle most of the time.
void yieldToTheUi() {
#ifdef __linux__
    thread_local bool done = false;
    if (done) return;
    done = true;
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
#endif
}
}  // namespace

JobLane::JobLane(const QString& threadName, QObject* parent) : QObject(parent) {
    thread_.setObjectName(threadName);
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    thread_.start();
}

JobLane::~JobLane() { shutdown(); }

bool JobLane::start(const QString& job, Body body) {
    if (isBusy() || shutDown_) return false;
    job_ = job;
    token_.reset();
    Q_EMIT started(job);
    // The functor runs on the worker's thread; results come back as queued calls on this lane.
    QMetaObject::invokeMethod(
        worker_,
        [this, job, body = std::move(body)] {
            QString error;
            bool cancelled = false;
            EngineHint hint;
            yieldToTheUi();
            try {
                body(token_);
            } catch (const featurelab::Error& e) {
                error = QString::fromStdString(e.what());
                cancelled = e.code() == featurelab::ErrorCode::Cancelled;
                hint.code = QString::fromLatin1(featurelab::errorCodeName(e.code()));
                hint.action = QString::fromLatin1(featurelab::hintActionName(e.hint().action));
                hint.argument = QString::fromStdString(e.hint().argument);
            } catch (const std::exception& e) {
                error = tr("Unexpected engine error: %1").arg(QString::fromLocal8Bit(e.what()));
            } catch (...) {
                error = tr("Unexpected engine error.");
            }
            if (error.isEmpty() && token_.cancelled()) cancelled = true;
            const bool ok = error.isEmpty() && !cancelled;
            if (cancelled && error.isEmpty()) error = tr("Cancelled.");
            QMetaObject::invokeMethod(
                this,
                [this, job, error, cancelled, ok, hint] { done(job, error, cancelled, ok, hint); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return true;
}

void JobLane::done(const QString& job, const QString& error, bool cancelled, bool ok,
                   const EngineHint& hint) {
    job_.clear();
    if (ok)
        Q_EMIT finished(job);
    else
        Q_EMIT failed(job, error, cancelled, hint);
}

void JobLane::cancel() {
    if (isBusy()) token_.cancel();
}

void JobLane::shutdown() {
    if (shutDown_) return;
    shutDown_ = true;
    token_.cancel();
    thread_.quit();  // runs after the current job: the job's functor is already queued first
    thread_.wait();
    delete worker_;
    worker_ = nullptr;
}
