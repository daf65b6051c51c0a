// One background lane for engine jobs: a QThread owned here, a parentless worker living on it,
// an atomic cancel token, and exceptions caught at the thread boundary. Shaped like Qt's
// Mandelbrot RenderThread: copy the inputs in, poll the cancel flag, hand back plain values.
#pragma once

#include <QObject>
#include <QThread>
#include <functional>

#include "bridge_types.h"
#include "featurelab/progress.h"

class JobLane : public QObject {
    Q_OBJECT
public:
    /// The body runs on the lane's thread; it reports through queued calls and throws
    /// featurelab::Error (or anything else) to fail.
    using Body = std::function<void(const featurelab::CancelToken& cancel)>;

    explicit JobLane(const QString& threadName, QObject* parent = nullptr);
    ~JobLane() override;

    /// Starts body unless a job is running (then returns false and does nothing).
    bool start(const QString& job, Body body);
    /// Asks the running job to stop at its next batch; it then fails with cancelled = true.
    void cancel();
    /// Cancels, then joins the thread. Safe to call twice; the lane accepts no job afterwards.
    void shutdown();
    bool isBusy() const { return !job_.isEmpty(); }
    QString job() const { return job_; }
    bool isRunning() const { return thread_.isRunning(); }

Q_SIGNALS:
    void started(const QString& job);
    void finished(const QString& job);
    /// hint: the error's code and what the user can do about it (empty for other exceptions).
    void failed(const QString& job, const QString& message, bool cancelled, const EngineHint& hint);

private:
    void done(const QString& job, const QString& error, bool cancelled, bool ok,
              const EngineHint& hint);

    QThread thread_;
    QObject* worker_ = nullptr;  // parentless; lives on thread_, deleted after the join
    featurelab::CancelToken token_;
    QString job_;
    bool shutDown_ = false;
};
