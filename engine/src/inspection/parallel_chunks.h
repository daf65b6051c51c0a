// Runs independent per-item work of the embedding map's t-SNE on LibTorch's thread count.
#pragma once

#include <cstdint>
#include <functional>

namespace featurelab::inspection {

/// fn(begin, end) over [0, n) in chunks of `chunk` items, taken in turn by computeThreads()
/// threads (the caller is one of them), so that uneven chunks balance out. Each item must
/// write only its own results: then the outcome does not depend on the thread count.
/// at::parallel_for would run serially here: its OpenMP body needs -fopenmp, which the engine
/// is not compiled with. The first exception fn throws is rethrown after all threads end.
void parallelChunks(std::int64_t n, std::int64_t chunk,
                    const std::function<void(std::int64_t, std::int64_t)>& fn);

}  // namespace featurelab::inspection
