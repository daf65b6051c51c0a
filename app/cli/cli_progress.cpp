// ConsoleObserver: what recipe and predict print while they run.
#include "cli_progress.h"

#include <unistd.h>
#include <cstdio>

namespace featurelab::cli {

namespace {
bool tty() { return isatty(fileno(stderr)) != 0; }
}  // namespace

void ConsoleObserver::finish() {
    if (lineOpen_) std::fprintf(stderr, "\n");
    lineOpen_ = false;
}

void ConsoleObserver::onMessage(const std::string& line) {
    finish();
    std::fprintf(stderr, "%s\n", line.c_str());
}

void ConsoleObserver::onProgress(const Progress& p) {
    if (quiet_ || !tty()) return;  // logs and pipes get the epoch lines only
    const auto now = std::chrono::steady_clock::now();
    if (p.done != p.total && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    std::fprintf(stderr, "\r%s: %zu/%zu  %.0f/s  ", p.phase.c_str(), p.done, p.total,
                 p.itemsPerSecond);
    lineOpen_ = true;
}

void ConsoleObserver::onBatch(const BatchMetrics& m) {
    if (quiet_ || !tty()) return;
    std::fprintf(stderr, "\r%s epoch %d: batch %zu/%zu  loss %.4f  ", m.stage.c_str(), m.epoch,
                 m.batch, m.batches, m.runningLoss);
    lineOpen_ = true;
}

void ConsoleObserver::onEpoch(const EpochMetrics& m) {
    finish();
    if (quiet_) return;
    std::fprintf(stderr,
                 "%s epoch %d/%d: train loss %.4f acc %.4f | valid loss %.4f acc %.4f  (%.1f s)\n",
                 m.stage.c_str(), m.epoch, m.epochs, m.trainLoss, m.trainAcc, m.validLoss,
                 m.validAcc, m.seconds);
}

void ConsoleObserver::onStageFinished(const StageResult& r) {
    finish();
    std::fprintf(stderr, "%s done in %.1f s: valid acc %.4f, loss %.4f\n", r.stage.c_str(),
                 r.seconds, r.validAcc, r.validLoss);
}

}  // namespace featurelab::cli
