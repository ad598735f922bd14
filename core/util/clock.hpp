// Host monotonic clock with nanosecond resolution.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace fcbench {

inline int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// UTC wall-clock time, ISO 8601: 2026-11-25T20:50:01.123Z (or ...:01Z
// without millis). For humans; all arithmetic uses now_ns().
std::string utc_now_iso(bool millis = true);

// "2026-11-25T20:50:01.123Z" (fraction of 1 to 9 digits optional; "Z" or
// "+00:00") to nanoseconds since the Unix epoch. Throws UserError (exit 2).
int64_t parse_utc_iso_ns(std::string_view text);

}  // namespace fcbench
