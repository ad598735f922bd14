#include "run/scheduler.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "run/handoff.hpp"
#include "run/preparer.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/process.hpp"

namespace fcbench::run {

namespace {

// epoll tags: instance index << 2 | which of its fds.
constexpr uint64_t kTimerTag = ~uint64_t(0);
constexpr uint64_t kStarterTag = ~uint64_t(0) - 1;
constexpr uint64_t kFinisherTag = ~uint64_t(0) - 2;
constexpr uint64_t kPreparerTag = ~uint64_t(0) - 3;
enum : uint64_t { kOutput = 0, kExit = 1, kError = 2 };
uint64_t tag(size_t i, uint64_t kind) {
  return (uint64_t(i) << 2) | kind;
}
// The longest the loop sleeps: bounds how late it notices an interrupt flag
// set while it waits, and reaps children the kernel gave no pidfd for.
constexpr int kMaxWaitMs = 50;
// How many instances are prepared ahead of their start.
constexpr size_t kPrepareAhead = 16;
// With cgroups: how many instances wait, in their cgroups, for their start
// (Execution::Start::gated), and how far ahead of it at most.
constexpr size_t kPrestart = 8;
constexpr int64_t kPrestartHorizonNs = 1'000'000'000;
// Helper threads for slow starts (a VMM configured over its API, a gated
// start's wait) and for finishing (collecting, parsing, cgroup removal).
constexpr size_t kStartThreads = kPrestart + 2;
constexpr size_t kFinishThreads = 2;

// The loop's thread runs kLoopBoost nice levels above the process where
// that is allowed (CAP_SYS_NICE, e.g. root), so that payloads busy on every
// core do not delay its wake-ups (arrivals); children and helper threads
// keep the process's own (set_child_nice). Lifecycle: for one schedule.
class LoopPriority {
 public:
  static constexpr int kLoopBoost = 10;
  LoopPriority() {
    errno = 0;
    base_ = ::getpriority(PRIO_PROCESS, 0);  // Linux: this thread
    if (errno != 0) return;
    boosted_ = ::setpriority(PRIO_PROCESS, 0, std::max(-20, base_ - kLoopBoost)) == 0;
    if (boosted_) set_child_nice(base_);
  }
  ~LoopPriority() {
    if (!boosted_) return;
    ::setpriority(PRIO_PROCESS, 0, base_);
    set_child_nice(std::nullopt);
  }
  LoopPriority(const LoopPriority&) = delete;
  LoopPriority& operator=(const LoopPriority&) = delete;

 private:
  int base_ = 0;
  bool boosted_ = false;
};

class Loop {
 public:
  Loop(const std::vector<Instance>& plan, const ExecContext& ctx, const ScheduleOptions& opt)
      : plan_(plan),
        ctx_(ctx),
        opt_(opt),
        ep_(::epoll_create1(EPOLL_CLOEXEC)),
        timer_(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)),
        queued_(plan.size()) {
    if (!ep_.valid() || !timer_.valid()) throw SystemError("scheduler: epoll/timerfd", errno);
    watch(timer_.get(), kTimerTag);
    watch(starter_.event_fd(), kStarterTag);
    watch(finisher_.event_fd(), kFinisherTag);
    watch(preparer_.event_fd(), kPreparerTag);  // then prestart_ahead()
  }
  // Only for the loop's own failures: the gated starts must not wait on.
  ~Loop() {
    for (auto& [i, ex] : prestarted_) ex->close_gate();
  }

  ScheduleResult run() {
    // Timers fire when asked rather than up to 50 us later (the default
    // slack), for arrivals on time.
    ::prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    LoopPriority priority;
    res_.start_ns = opt_.start_ns ? opt_.start_ns : now_ns();
    for (;;) {
      int64_t now = now_ns();
      if (!res_.interrupted && opt_.interrupted && opt_.interrupted->load()) interrupt(now);
      if (!stopping_ && opt_.halted && opt_.halted->load()) {
        res_.halted = true;
        stop_launching();
      }
      if (!stopping_) admit(now);
      for (auto it = running_.begin(); it != running_.end();) {
        it->second->on_time(now);
        if (it->second->done()) {
          finish(it->first, std::move(it->second));
          it = running_.erase(it);
        } else {
          ++it;
        }
      }
      // A record may have let a waiting instance start, or made it needless.
      if (!stopping_ && opt_.admission && dirty_) admit(now);
      publish();
      if (!stopping_) {
        prepare_ahead();
        prestart_ahead(now);
      }
      const bool idle = running_.empty() && finishing_.empty() && prestarted_.empty();
      if (idle && stopping_) {
        not_started();
        break;
      }
      if (idle && next_ == plan_.size() && queue_.empty()) break;
      wait(wake_time());
    }
    return res_;
  }

 private:
  void watch(int fd, uint64_t tag) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (::epoll_ctl(ep_.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
      throw SystemError("scheduler: epoll_ctl", errno);
  }

  int64_t due(size_t i) const { return res_.start_ns + plan_[i].arrival_ns; }

  // Moves arrived instances to the queue and starts what the cap allows.
  void admit(int64_t now) {
    const size_t arrived = next_;  // the first to arrive now
    while (next_ < plan_.size() && due(next_) <= now) {
      queue_.push_back(next_++);
      dirty_ = true;
    }
    if (opt_.admission) {
      admit_gated();
    } else {
      while (!queue_.empty() && has_free_slot(in_flight(), opt_.max_concurrent)) {
        size_t i = queue_.front();
        queue_.pop_front();
        launch(i);
      }
    }
    // Those that arrived now and found no slot: the queue's tail.
    for (auto it = queue_.rbegin(); it != queue_.rend() && *it >= arrived; ++it)
      queued_[*it] = true;
  }

  // The queue in order, each instance started, left waiting or dropped as
  // the admission says; only when a record or an arrival may have changed
  // its verdicts.
  void admit_gated() {
    if (!dirty_) return;
    dirty_ = false;
    for (auto it = queue_.begin(); it != queue_.end();) {
      const size_t i = *it;
      const auto v = opt_.admission->verdict(plan_[i]);
      if (v == Admission::Verdict::skip) {
        it = queue_.erase(it);
        skip(i);
      } else if (v == Admission::Verdict::run && has_free_slot(in_flight(), opt_.max_concurrent)) {
        it = queue_.erase(it);
        launch(i);
      } else {
        ++it;
      }
    }
    // With nothing in flight, no record can come to end a wait: start one.
    if (in_flight() == 0 && !queue_.empty()) {
      size_t i = queue_.front();
      queue_.pop_front();
      launch(i);
    }
  }

  void skip(size_t i) {
    auto placed = preparer_.discard(i);
    queued_[i] = false;
    ++res_.skipped;
    if (opt_.on_skip) opt_.on_skip(plan_[i]);
    release(std::move(placed));
  }

  // Hands a placed instance back once it is done with (its files).
  void release(std::unique_ptr<Placed> inst) {
    if (inst && opt_.on_release) opt_.on_release(std::move(inst));
  }

  // Hands a record on, and to the admission, whose verdicts it may change.
  void emit(size_t i, results::Record rec) {
    dirty_ = true;
    if (!opt_.admission) {
      if (opt_.on_record) opt_.on_record(plan_[i], std::move(rec));
      return;
    }
    if (opt_.on_record) opt_.on_record(plan_[i], rec);
    opt_.admission->recorded(plan_[i], rec);
  }

  // Asks for the next few instances to start (queued first, then arrivals).
  // The next kPrepareAhead to start, but not those already placed: a
  // pre-started instance is still queued or yet to arrive, and asking for
  // it again would prepare it a second time, which nothing would take.
  void prepare_ahead() {
    size_t ahead = 0;
    auto request = [&](size_t i) {
      if (!placed_.count(i)) preparer_.request(i);
    };
    for (size_t i : queue_) {
      if (ahead++ >= kPrepareAhead) return;
      request(i);
    }
    for (size_t i = next_; i < plan_.size() && ahead++ < kPrepareAhead; ++i) request(i);
  }

  // The instance placed and its files made, or why not.
  Prepared prepare(size_t i) {
    Prepared p;
    try {
      p.inst = std::make_unique<Placed>(opt_.placer->place(plan_[i]));
      if (opt_.prepare) opt_.prepare(*p.inst);
    } catch (const std::exception& e) {
      p.error = std::string("could not prepare the instance: ") + e.what();
    }
    return p;
  }

  void launch(size_t i) {
    if (opt_.admission) opt_.admission->launched(plan_[i]);
    // Time spent waiting for a slot, from when it was due (0 if a slot was
    // free then: any lateness of the loop itself is not queueing).
    const int64_t queue_delay = queued_[i] ? now_ns() - due(i) : 0;
    queued_[i] = false;
    ++res_.started;
    if (auto node = prestarted_.extract(i))
      return open_gate(i, std::move(node.mapped()), queue_delay);
    Prepared p = preparer_.take(i);
    if (!p.error.empty()) return unprepared(i, std::move(p), queue_delay);
    const Placed& inst = *placed_.emplace(i, std::move(p.inst)).first->second;
    // Joining a cgroup can wait for an RCU grace period (v1: ~10 ms), with
    // this thread held by vfork: such launches go to a helper thread too.
    const bool slow = inst.driver->slow_start(inst.spec) || ctx_.cgroups;
    auto ex = std::make_unique<Execution>(
        inst, ctx_, slow ? Execution::Start::deferred : Execution::Start::now);
    queue_delay_[i] = queue_delay;
    Execution* e = ex.get();
    running_.emplace(i, std::move(ex));
    if (slow)
      starter_.submit(i, [e] { e->start(); });
    else
      follow(i, *e);
  }

  // An instance that could not be prepared: failed, with why.
  void unprepared(size_t i, Prepared p, int64_t queue_delay) {
    results::Record rec = p.inst ? p.inst->base : opt_.placer->record(plan_[i]);
    rec.status = results::Status::failed;
    rec.error = p.error;
    stamp(rec, i, now_ns(), queue_delay);
    emit(i, std::move(rec));
    release(std::move(p.inst));
  }

  // Lets a pre-started instance, waiting in its cgroups, exec now.
  void open_gate(size_t i, std::unique_ptr<Execution> ex, int64_t queue_delay) {
    ex->open_gate();
    queue_delay_[i] = queue_delay;
    Execution& e = *running_.emplace(i, std::move(ex)).first->second;
    if (started_early_.erase(i)) attach(i, e);  // its start failed before the gate
  }

  // With cgroups: the next instances due within the horizon, once prepared,
  // start ahead and wait in their cgroups for their time (the join is
  // fcbench's cost, not the instance's lateness). Not with an admission,
  // whose verdict may change until the instance starts.
  void prestart_ahead(int64_t now) {
    if (!ctx_.cgroups || opt_.admission) return;
    size_t n = prestarted_.size(), seen = 0;
    // Only the first kPrepareAhead can be prepared (prepare_ahead): a suite
    // may have a million queued.
    auto consider = [&](size_t i) {
      if (n >= kPrestart || seen++ >= kPrepareAhead || due(i) > now + kPrestartHorizonNs)
        return false;
      if (!prestarted_.count(i) && preparer_.ready(i)) {
        prestart(i);
        ++n;
      }
      return true;
    };
    for (size_t i : queue_)
      if (!consider(i)) return;
    for (size_t i = next_; i < plan_.size(); ++i)
      if (!consider(i)) return;
  }

  void prestart(size_t i) {
    const Placed& inst = *placed_.emplace(i, preparer_.take(i).inst).first->second;
    auto ex = std::make_unique<Execution>(inst, ctx_, Execution::Start::gated);
    Execution* e = ex.get();
    prestarted_.emplace(i, std::move(ex));
    starter_.submit(i, [e] { e->start(); });
  }

  // A pre-started instance that will not run, once its start has returned.
  void drop_prestart(size_t i) {
    prestarted_.erase(i);
    started_early_.erase(i);
    release(std::move(placed_.extract(i).mapped()));
  }

  // A start has returned (on a helper thread).
  void started(size_t i) {
    if (prestarted_.count(i)) {  // it failed before its gate, or was cancelled
      if (stopping_)
        drop_prestart(i);
      else
        started_early_.insert(i);
      return;
    }
    attach(i, *running_.at(i));
  }

  void attach(size_t i, Execution& ex) {
    ex.attach();
    follow(i, ex);
  }

  // Starts waiting on a started instance's pipes and exit.
  void follow(size_t i, Execution& ex) {
    if (ex.output_fd() >= 0) watch(ex.output_fd(), tag(i, kOutput));
    if (ex.error_fd() >= 0) watch(ex.error_fd(), tag(i, kError));
    if (ex.exit_fd() >= 0) watch(ex.exit_fd(), tag(i, kExit));
  }

  void stamp(results::Record& rec, size_t i, int64_t started, int64_t queue_delay) {
    rec.scheduled_ns = due(i);
    rec.started_ns = started;
    rec.queue_delay_ns = queue_delay;
  }

  // An instance whose process has ended is finished (logs, results,
  // parse(), its cgroup) on a helper thread: a slow or hung plugin never
  // holds up the loop. It keeps its slot until its record is in.
  void finish(size_t i, std::unique_ptr<Execution> ex) {
    Finishing& f = finishing_[i];
    f.ex = std::move(ex);
    finisher_.submit(i, [&f] { f.rec = f.ex->finish(); });
  }

  void finished(size_t i) {
    auto node = finishing_.extract(i);
    Finishing& f = node.mapped();
    stamp(f.rec, i, f.ex->launched_ns(), queue_delay_[i]);
    queue_delay_.erase(i);
    emit(i, std::move(f.rec));
    f.ex.reset();
    release(std::move(placed_.extract(i).mapped()));
  }

  // Stops launching and asks the running instances to stop. The instances
  // never started are recorded once those have ended (not_started()), so a
  // running instance's end is taken from its own exit event, never delayed
  // by writing the others' records.
  void interrupt(int64_t now) {
    res_.interrupted = true;
    stop_launching();
    for (auto& [i, ex] : running_) ex->interrupt(now, opt_.grace_ns);
  }

  // No instance starts any more: the pre-started ones are called off.
  void stop_launching() {
    stopping_ = true;
    for (auto it = prestarted_.begin(); it != prestarted_.end();) {
      const size_t i = (it++)->first;
      if (started_early_.count(i))
        drop_prestart(i);  // its start has returned already
      else
        prestarted_.at(i)->close_gate();  // dropped once its start returns
    }
  }

  // A not_started record for each instance that was queued or had not
  // arrived at the interrupt or halt; any prepared ahead are released.
  void not_started() {
    const std::string why = res_.halted && opt_.halt_reason
                                ? opt_.halt_reason()
                                : "the run was interrupted before this instance started";
    auto record = [&](size_t i) {
      if (opt_.admission &&
          opt_.admission->verdict(plan_[i]) == Admission::Verdict::skip) {  // never needed
        skip(i);
        return;
      }
      auto placed = preparer_.discard(i);
      ++res_.not_started;
      if (opt_.on_not_started) opt_.on_not_started(plan_[i], why, due(i));
      release(std::move(placed));
    };
    for (size_t i : queue_) record(i);
    queue_.clear();
    for (; next_ < plan_.size(); ++next_) record(next_);
  }

  int64_t wake_time() const {
    int64_t wake = 0;
    auto earlier = [&](int64_t t) {
      if (t > 0 && (wake == 0 || t < wake)) wake = t;
    };
    if (!stopping_ && next_ < plan_.size()) earlier(due(next_));
    for (auto& [i, ex] : running_) earlier(ex->next_deadline());
    return wake;
  }

  void wait(int64_t wake) {
    itimerspec its{};
    if (wake > 0) {
      its.it_value.tv_sec = wake / 1'000'000'000;
      its.it_value.tv_nsec = wake % 1'000'000'000;
    }
    ::timerfd_settime(timer_.get(), TFD_TIMER_ABSTIME, &its, nullptr);
    epoll_event evs[256];
    int n = ::epoll_wait(ep_.get(), evs, 256, kMaxWaitMs);
    if (n < 0 && errno != EINTR) throw SystemError("scheduler: epoll_wait", errno);
    const int64_t now = now_ns();
    for (int k = 0; k < n; ++k) {
      uint64_t tag = evs[k].data.u64;
      if (tag == kTimerTag) {
        uint64_t ticks;
        [[maybe_unused]] ssize_t r = ::read(timer_.get(), &ticks, sizeof ticks);
        continue;
      }
      if (tag == kStarterTag) {
        for (size_t i : starter_.ended()) started(i);
        continue;
      }
      if (tag == kPreparerTag) {
        preparer_.clear_event();
        continue;
      }
      if (tag == kFinisherTag) {
        for (size_t i : finisher_.ended()) finished(i);
        continue;
      }
      auto it = running_.find(size_t(tag >> 2));
      if (it == running_.end()) continue;
      switch (tag & 3) {
        case kOutput:
          it->second->on_output(now);
          break;
        case kError:
          it->second->on_error_output();
          break;
        default:
          it->second->on_exit();
      }
    }
    // Children without a pidfd (old kernels) are reaped by polling.
    for (auto& [i, ex] : running_)
      if (ex->exit_fd() < 0 && !ex->starting()) ex->on_exit();
  }

  void publish() {
    if (opt_.running) opt_.running->store(int64_t(running_.size()));
  }

  const std::vector<Instance>& plan_;
  const ExecContext& ctx_;
  const ScheduleOptions& opt_;
  Fd ep_, timer_;
  ScheduleResult res_;
  size_t next_ = 0;
  std::deque<size_t> queue_;
  std::vector<bool> queued_;               // found no free slot when due
  std::map<size_t, int64_t> queue_delay_;  // running instance → its queue delay
  struct Finishing {
    std::unique_ptr<Execution> ex;
    results::Record rec;  // set on the helper thread
  };
  size_t in_flight() const { return running_.size() + finishing_.size(); }

  std::map<size_t, std::unique_ptr<Placed>> placed_;         // first: outlives the executions
  std::map<size_t, std::unique_ptr<Execution>> prestarted_;  // gated, waiting for their time
  std::set<size_t> started_early_;  // prestarted, whose start returned before the gate
  std::map<size_t, std::unique_ptr<Execution>> running_;
  std::map<size_t, Finishing> finishing_;
  // After the executions: their threads stop before the executions go.
  Handoff starter_{kStartThreads};
  Handoff finisher_{kFinishThreads};
  bool stopping_ = false;
  bool dirty_ = true;  // admission verdicts may have changed since the last pass
  Preparer preparer_{[this](size_t i) { return prepare(i); }};  // last: stops first
};

}  // namespace

bool has_free_slot(size_t running, uint32_t max_concurrent) {
  return max_concurrent == 0 || running < max_concurrent;
}

ScheduleResult run_schedule(const std::vector<Instance>& plan, const ExecContext& ctx,
                            const ScheduleOptions& opt) {
  return Loop(plan, ctx, opt).run();
}

}  // namespace fcbench::run
