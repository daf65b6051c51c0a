// FNV-1a, 64 bit: a fast, stable hash of a string for keys and seeded orders (not security).
#pragma once

#include <cstdint>
#include <string>

namespace featurelab::util {

inline std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace featurelab::util
