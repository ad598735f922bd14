#include "util/clock.hpp"

#include <cstdio>

namespace fcbench {

std::string utc_now_iso(bool millis) {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm tm{};
  gmtime_r(&ts.tv_sec, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (millis)
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", int(ts.tv_nsec / 1'000'000));
  else
    std::snprintf(buf + n, sizeof buf - n, "Z");
  return buf;
}

}  // namespace fcbench
