#include "run/start_clock.hpp"

#include <fmt/format.h>
#include <sys/timex.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/number.hpp"

namespace fcbench::run {

namespace {

constexpr int64_t kNs = 1'000'000'000;

int64_t wall_now_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * kNs + ts.tv_nsec;
}

// Sleeps until the wall clock reads `target`, in slices short enough to
// notice an interrupt. TIMER_ABSTIME on CLOCK_REALTIME follows clock steps.
void sleep_until_wall(int64_t target, const std::atomic<bool>* interrupted) {
  constexpr int64_t kSlice = 100'000'000;
  for (;;) {
    if (interrupted && interrupted->load()) return;
    const int64_t now = wall_now_ns();
    if (now >= target) return;
    const int64_t until = std::min(target, now + kSlice);
    timespec ts{time_t(until / kNs), long(until % kNs)};
    ::clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, nullptr);  // EINTR: loop again
  }
}

}  // namespace

StartDecision decide_start(int64_t target_wall_ns, int64_t now_wall_ns, bool late_ok) {
  using K = StartDecision::Kind;
  if (now_wall_ns <= target_wall_ns) return {K::wait, target_wall_ns - now_wall_ns};
  return {late_ok ? K::start_late : K::refuse, now_wall_ns - target_wall_ns};
}

RunZero zero_now() {
  const int64_t m1 = now_ns(), w = wall_now_ns(), m2 = now_ns();
  return {m1 + (m2 - m1) / 2, w};
}

RunZero await_start(int64_t target_wall_ns, bool late_ok, const std::atomic<bool>* interrupted,
                    std::string_view retry) {
  const auto d = decide_start(target_wall_ns, wall_now_ns(), late_ok);
  using K = StartDecision::Kind;
  if (d.kind == K::refuse)
    throw UserError(fmt::format("the common start {} passed {:.3f} s before preparation ended; "
                                "give a later --start-at, or add --late-ok to start now{}",
                                wall_iso(target_wall_ns), double(d.ns) / 1e9, retry),
                    2);
  if (d.kind == K::start_late) {
    fmt::print(stderr, "warning: starting {:.3f} s after the common start {} (--late-ok)\n",
               double(d.ns) / 1e9, wall_iso(target_wall_ns));
    return zero_now();
  }
  if (d.ns > kNs)
    fmt::print(stderr, "waiting {:.1f} s for the common start {}\n", double(d.ns) / 1e9,
               wall_iso(target_wall_ns));
  sleep_until_wall(target_wall_ns, interrupted);
  const RunZero now = zero_now();
  return {mono_at(target_wall_ns, now.wall_ns, now.mono_ns), target_wall_ns};
}

int64_t parse_start_at(std::string_view text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    const auto v = parse_number<long long>(text);
    if (!v) throw UserError(fmt::format("--start-at {}: out of range", text), 2);
    if (*v < 1'000'000'000'000'000)  // before 2001-09-09 in ns: seconds or ms given
      throw UserError(fmt::format("--start-at {}: takes nanoseconds since the Unix epoch (this "
                                  "looks like seconds or milliseconds), or UTC ISO 8601",
                                  text),
                      2);
    return *v;
  }
  return parse_utc_iso_ns(text);
}

std::string wall_iso(int64_t wall_ns) {
  const time_t s = time_t(wall_ns / kNs);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:09}Z", buf, wall_ns % kNs);
}

nlohmann::json clock_sync() {
  timex tx{};
  const int state = ::adjtimex(&tx);
  if (state == -1) return {{"synchronised", false}, {"error", std::strerror(errno)}};
  return {{"synchronised", state != TIME_ERROR && !(tx.status & STA_UNSYNC)},
          {"est_error_us", tx.esterror},
          {"max_error_us", tx.maxerror}};
}

}  // namespace fcbench::run
