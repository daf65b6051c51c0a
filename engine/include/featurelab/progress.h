// How long-running engine jobs report progress and learn that they should stop.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace featurelab {

/// A snapshot of a job's progress. Jobs throttle these (a few per second, never per sample).
struct Progress {
    std::string phase;            // e.g. "scan", "extract train", "train last"
    std::size_t done = 0;         // items finished in this phase
    std::size_t total = 0;        // items in this phase; 0 when unknown
    double itemsPerSecond = 0.0;  // recent throughput
    double etaSeconds = -1.0;     // -1 when unknown
};

/// Progress callback. Return false to ask the job to stop; it then throws Error(Cancelled)
/// at its next check (within one batch).
using ProgressFn = std::function<bool(const Progress&)>;

/// A cancel flag shared between the thread that runs a job and the one that may stop it.
/// Jobs poll it at least once per batch.
class CancelToken {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    void reset() noexcept { flag_.store(false, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> flag_{false};
};

/// Throws Error(Cancelled) when token is set. Jobs call it once per batch.
void throwIfCancelled(const CancelToken* token);

}  // namespace featurelab
