#include "util/clock.hpp"

#include <chrono>
#include <cstdio>
#include <string_view>

#include "util/error.hpp"

namespace fcbench {

namespace {

[[noreturn]] void bad(std::string_view text, const char* why) {
  throw UserError("bad start time '" + std::string(text) + "': " + why +
                      " (expected UTC ISO 8601 like 2026-11-25T20:50:01.123Z)",
                  2);
}

// Reads `n` decimal digits at `pos`; -1 if any is not a digit.
int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

int64_t parse_utc_iso_ns(std::string_view s) {
  const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  const int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s[4] != '-' || s[7] != '-' ||
      s[10] != 'T' || s[13] != ':' || s[16] != ':')
    bad(s, "not YYYY-MM-DDTHH:MM:SS");
  using namespace std::chrono;
  const year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) bad(s, "no such date or time");
  size_t pos = 19;
  int64_t frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t n = 0;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n)
      if (n < 9) frac = frac * 10 + (s[pos] - '0');
    if (n == 0 || n > 9) bad(s, "the fraction of a second needs 1 to 9 digits");
    for (; n < 9; ++n) frac *= 10;
  }
  const std::string_view zone = s.substr(pos);
  if (zone != "Z" && zone != "+00:00") bad(s, "not UTC (Z or +00:00)");
  const int64_t days = sys_days(ymd).time_since_epoch().count();
  return ((days * 24 + h) * 60 + mi) * int64_t(60'000'000'000) + sec * int64_t(1'000'000'000) +
         frac;
}

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
