// The process-wide weights-load counter behind featurelab::weightsLoadCount().
#include "util/load_counter.h"

#include <atomic>
#include <cstdint>

#include "featurelab/runtime.h"

namespace featurelab {

namespace {
std::atomic<std::uint64_t> loads{0};
}

void util::noteWeightsLoad() { loads.fetch_add(1, std::memory_order_relaxed); }

std::uint64_t weightsLoadCount() { return loads.load(std::memory_order_relaxed); }

}  // namespace featurelab
