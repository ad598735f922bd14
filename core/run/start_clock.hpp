// The run's time zero: the instant arrivals count from, on the host's
// monotonic clock and on its wall clock. With --start-at, every shard of a
// workload takes the same wall-clock instant as its zero (a common start);
// it is mapped onto the monotonic clock once, and arrivals count from there.
#pragma once

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace fcbench::run {

struct RunZero {
  int64_t mono_ns = 0;  // CLOCK_MONOTONIC
  int64_t wall_ns = 0;  // CLOCK_REALTIME, ns since the Unix epoch
};

// What to do once preparation ends, for a requested start. Pure.
struct StartDecision {
  enum class Kind { wait, refuse, start_late } kind = Kind::wait;
  int64_t ns = 0;  // wait: how long to sleep; refuse, start_late: how late
};
StartDecision decide_start(int64_t target_wall_ns, int64_t now_wall_ns, bool late_ok);

// The monotonic instant that wall instant `target` maps to, from one paired
// reading of both clocks. Pure.
inline int64_t mono_at(int64_t target_wall_ns, int64_t now_wall_ns, int64_t now_mono_ns) {
  return now_mono_ns - (now_wall_ns - target_wall_ns);
}

// Both clocks read as one pairing (the wall read between two monotonic
// reads, mapped to their midpoint).
RunZero zero_now();

// Sleeps until `target_wall_ns` (or an interrupt), then returns that instant
// as the zero. Throws UserError (exit 2) naming how late it is when the
// instant passed before this was called, unless `late_ok`: then the zero is
// now, with a warning. `retry` ends that error: what to do about the files
// already written.
RunZero await_start(int64_t target_wall_ns, bool late_ok, const std::atomic<bool>* interrupted,
                    std::string_view retry = {});

// --start-at: whole nanoseconds since the Unix epoch, or UTC ISO 8601
// ("2026-12-02T15:00:00Z"). Throws UserError (exit 2).
int64_t parse_start_at(std::string_view text);
// ISO 8601 UTC with nanoseconds, for messages and files.
std::string wall_iso(int64_t wall_ns);

// The kernel's view of this host's clock discipline (adjtimex): whether NTP
// keeps it synchronised and its estimated and maximum error. For merge's
// skew advice; {"synchronised": false} when unknown.
nlohmann::json clock_sync();

}  // namespace fcbench::run
