// The open-loop scheduler: one event loop (epoll + an absolute timerfd)
// starts every instance at its arrival offset, caps how many run at once,
// and follows each one's console and exit, with no thread per instance.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "results/record.hpp"
#include "run/instance.hpp"
#include "run/placer.hpp"

namespace fcbench::run {

// Which planned instances still run, decided as their records come in: the
// hook for adaptive repetitions (run/adaptive_gate). Called on the
// scheduler's thread only.
class Admission {
 public:
  enum class Verdict {
    run,   // may start now
    wait,  // not yet: asked again once a record comes in
    skip,  // never: dropped from the plan, with no record
  };
  virtual ~Admission() = default;
  // Asked before `inst` starts, and for each queued instance at an
  // interrupt (skip: no not_started record for it).
  virtual Verdict verdict(const Instance& inst) const = 0;
  virtual void launched(const Instance& inst) = 0;  // it starts now
  // Its record (after on_record), whatever the status.
  virtual void recorded(const Instance& inst, const results::Record& rec) = 0;
};

struct ScheduleOptions {
  // The run's time zero on the monotonic clock: instance i is due at
  // start_ns + arrival_ns. 0: when the schedule starts.
  int64_t start_ns = 0;
  uint32_t max_concurrent = 1;  // 0: no cap
  // After an interrupt: how long running instances get to finish on their
  // own before they are stopped (and recorded as interrupted).
  int64_t grace_ns = 2'000'000'000;
  const std::atomic<bool>* interrupted = nullptr;
  // Set when the run cannot go on (results can no longer be written): no
  // instance starts any more, the running ones end on their own (an
  // interrupt still stops them), and those never started are recorded
  // not_started with the error halt_reason() gives.
  const std::atomic<bool>* halted = nullptr;
  std::function<std::string()> halt_reason;
  std::atomic<int64_t>* running = nullptr;  // kept current, for the host monitor
  // Makes each instance launchable just in time (required): only the
  // running ones and a few prepared ahead are ever placed at once.
  const Placer* placer = nullptr;
  // Runs just before an instance starts (its files, host checks), maybe on
  // a helper thread. If it throws, the instance is recorded as failed with
  // the message.
  std::function<void(Placed&)> prepare;
  // Every started instance's record, in completion order.
  std::function<void(const Instance&, results::Record)> on_record;
  // Each instance never started (after an interrupt or halt): why, and when
  // it was due. No record is built: there may be a million.
  std::function<void(const Instance&, const std::string& why, int64_t scheduled_ns)> on_not_started;
  // Unset: every instance runs. Wait verdicts must come only for instances
  // whose benchmark has one running (else the run would stall).
  Admission* admission = nullptr;
  // Each instance the admission skipped.
  std::function<void(const Instance&)> on_skip;
  // Each placed instance once it is done with (after its record, or when
  // it was prepared but never started): its files are the callee's.
  std::function<void(std::unique_ptr<Placed>)> on_release;
};

struct ScheduleResult {
  int64_t start_ns = 0;  // the run's time zero: instance i is due at start_ns + arrival_ns
  size_t started = 0, not_started = 0;
  size_t skipped = 0;  // by the admission: never started, no record
  bool interrupted = false;
  bool halted = false;  // by ScheduleOptions::halted
};

// Whether one more instance may start while `running` run under the cap
// (0: no cap).
bool has_free_slot(size_t running, uint32_t max_concurrent);

// `plan` must be sorted by arrival_ns. Throws only for the loop's own
// failures (epoll, timerfd).
ScheduleResult run_schedule(const std::vector<Instance>& plan, const ExecContext& ctx,
                            const ScheduleOptions& opt);

}  // namespace fcbench::run
