// The open-loop scheduler: one event loop (epoll + an absolute timerfd)
// starts every instance at its arrival offset, caps how many run at once,
// and follows each one's console and exit, with no thread per instance.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "results/record.hpp"
#include "run/instance.hpp"

namespace fcbench::run {

struct ScheduleOptions {
  uint32_t max_concurrent = 1;  // 0: no cap
  // After an interrupt: how long running instances get to finish on their
  // own before they are stopped (and recorded as interrupted).
  int64_t grace_ns = 2'000'000'000;
  const std::atomic<bool>* interrupted = nullptr;
  std::atomic<int64_t>* running = nullptr;  // kept current, for the host monitor
  // Runs just before an instance starts (its files, host checks). If it
  // throws, the instance is recorded as failed with the message.
  std::function<void(Instance&)> prepare;
  // Every instance's record, in completion order; instances never started
  // (after an interrupt) come as status not_started.
  std::function<void(const Instance&, results::Record)> on_record;
};

struct ScheduleResult {
  int64_t start_ns = 0;  // the run's time zero: instance i is due at start_ns + arrival_ns
  size_t started = 0, not_started = 0;
  bool interrupted = false;
};

// Whether one more instance may start while `running` run under the cap
// (0: no cap).
bool has_free_slot(size_t running, uint32_t max_concurrent);

// `plan` must be sorted by arrival_ns. Throws only for the loop's own
// failures (epoll, timerfd).
ScheduleResult run_schedule(std::vector<Instance>& plan, const ExecContext& ctx,
                            const ScheduleOptions& opt);

}  // namespace fcbench::run
