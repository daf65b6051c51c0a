// The engine's job reports turned into the bridge's queued signals, throttled for the UI.
#pragma once

#include <QElapsedTimer>

#include "conversions.h"
#include "engine_bridge.h"
#include "featurelab/job.h"
#include "featurelab/recipe.h"

/// Receives a job's reports on the job thread and forwards them as queued signals: every
/// epoch and stage, but batch losses and progress at most once per kThrottleMs each.
class ThrottledObserver : public featurelab::JobObserver {
public:
    explicit ThrottledObserver(EngineBridge* bridge) : bridge_(bridge) {
        batchClock_.start();
        progressClock_.start();
    }
    void onMessage(const std::string& line) override {
        // Messages are status-bar lines: under a flood (many skipped files) the newest wins.
        if (messageClock_.isValid() && messageClock_.elapsed() < EngineBridge::kThrottleMs) return;
        messageClock_.start();
        const QString text = QString::fromStdString(line);
        bridge_->post([b = bridge_, text] { Q_EMIT b->message(text); });
    }
    void onProgress(const featurelab::Progress& p) override {
        const bool last = p.total && p.done == p.total;
        if (!last && progressClock_.elapsed() < EngineBridge::kThrottleMs) return;
        progressClock_.restart();
        const JobProgress jp = toJobProgress(p);
        bridge_->post([b = bridge_, jp] { Q_EMIT b->progress(jp); });
    }
    void onEpoch(const featurelab::EpochMetrics& m) override {
        const EpochPoint e = toEpochPoint(m);
        bridge_->post([b = bridge_, e] { Q_EMIT b->epochFinished(e); });
    }
    void onBatch(const featurelab::BatchMetrics& m) override {
        if (batchClock_.elapsed() < EngineBridge::kThrottleMs || m.batches == 0) return;
        batchClock_.restart();
        const QString stage = QString::fromStdString(m.stage);
        const double fraction = double(m.batch) / double(m.batches);
        const int epoch = m.epoch;
        const double loss = m.runningLoss;
        bridge_->post([b = bridge_, stage, epoch, fraction, loss] {
            Q_EMIT b->batchLoss(stage, epoch, fraction, loss);
        });
    }
    void onStageFinished(const featurelab::StageResult& r) override {
        const StageRow row = toStageRow(r);
        bridge_->post([b = bridge_, row] { Q_EMIT b->stageFinished(row); });
    }

private:
    EngineBridge* bridge_;
    QElapsedTimer batchClock_, progressClock_, messageClock_;
};

