// parallelChunks: a shared chunk counter and one std::thread per extra compute thread.
#include "inspection/parallel_chunks.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "runtime_threads.h"

namespace featurelab::inspection {

void parallelChunks(std::int64_t n, std::int64_t chunk,
                    const std::function<void(std::int64_t, std::int64_t)>& fn) {
    if (n <= 0) return;
    const std::int64_t chunks = (n + chunk - 1) / chunk;
    const auto threads =
        static_cast<int>(std::min<std::int64_t>(std::max(1, computeThreads()), chunks));
    std::atomic<std::int64_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    auto work = [&] {
        try {
            for (std::int64_t c; !failed.load() && (c = next.fetch_add(1)) < chunks;)
                fn(c * chunk, std::min(n, (c + 1) * chunk));
        } catch (...) {
            if (!failed.exchange(true)) error = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& h : helpers) h.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace featurelab::inspection
