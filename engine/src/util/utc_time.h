// Times in run folders: metrics.json keeps when a run started as ISO 8601 UTC text (readable,
// unambiguous across time zones); run folder names use the local time a user recognises.
#pragma once

#include <cstdint>
#include <string>

namespace featurelab::util {

/// Seconds since 1970 (UTC), now.
std::int64_t nowUtcSeconds();
/// "2026-12-03T14:05:12Z".
std::string isoUtc(std::int64_t seconds);
/// The inverse of isoUtc; false (and seconds untouched) for any other text.
bool parseIsoUtc(const std::string& text, std::int64_t& seconds);
/// "20261203-150512" in the local time zone, for folder names.
std::string localStamp(std::int64_t seconds);

}  // namespace featurelab::util
