#include "run/scheduler.hpp"

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "util/clock.hpp"
#include "util/error.hpp"

namespace fcbench::run {

namespace {

constexpr uint64_t kTimerTag = ~uint64_t(0);
// The longest the loop sleeps: bounds how late it notices an interrupt flag
// set while it waits, and reaps children the kernel gave no pidfd for.
constexpr int kMaxWaitMs = 50;

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

class Loop {
 public:
  Loop(std::vector<Instance>& plan, const ExecContext& ctx, const ScheduleOptions& opt)
      : plan_(plan), ctx_(ctx), opt_(opt), ep_(::epoll_create1(EPOLL_CLOEXEC)),
        timer_(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
    if (ep_.fd < 0 || timer_.fd < 0)
      throw UserError(std::string("scheduler: epoll/timerfd: ") + std::strerror(errno));
    watch(timer_.fd, kTimerTag);
  }

  ScheduleResult run() {
    res_.start_ns = now_ns();
    for (;;) {
      int64_t now = now_ns();
      if (!stopping_ && opt_.interrupted && opt_.interrupted->load()) interrupt(now);
      if (!stopping_) admit(now);
      for (auto it = running_.begin(); it != running_.end();) {
        it->second->on_time(now);
        if (it->second->done()) {
          complete(it->first, *it->second);
          it = running_.erase(it);
        } else {
          ++it;
        }
      }
      publish();
      if (running_.empty() && (stopping_ || (next_ == plan_.size() && queue_.empty()))) break;
      wait(wake_time());
    }
    return res_;
  }

 private:
  void watch(int fd, uint64_t tag) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (::epoll_ctl(ep_.fd, EPOLL_CTL_ADD, fd, &ev) != 0)
      throw UserError(std::string("scheduler: epoll_ctl: ") + std::strerror(errno));
  }

  int64_t due(size_t i) const { return res_.start_ns + plan_[i].arrival_ns; }

  // Moves arrived instances to the queue and starts what the cap allows.
  void admit(int64_t now) {
    while (next_ < plan_.size() && due(next_) <= now) queue_.push_back(next_++);
    while (!queue_.empty() && (opt_.max_concurrent == 0 || running_.size() < opt_.max_concurrent)) {
      size_t i = queue_.front();
      queue_.pop_front();
      launch(i);
    }
    for (size_t i : queue_) queued_.insert(i);  // no slot when it was due
  }

  void launch(size_t i) {
    Instance& inst = plan_[i];
    // Time spent waiting for a slot, from when it was due (0 if a slot was
    // free then: any lateness of the loop itself is not queueing).
    const int64_t queue_delay = queued_.erase(i) ? now_ns() - due(i) : 0;
    try {
      if (opt_.prepare) opt_.prepare(inst);
    } catch (const std::exception& e) {
      results::Record rec = inst.base;
      rec.status = "failed";
      rec.error = std::string("could not prepare the instance: ") + e.what();
      stamp(rec, i, now_ns(), queue_delay);
      ++res_.started;
      if (opt_.on_record) opt_.on_record(inst, std::move(rec));
      return;
    }
    auto ex = std::make_unique<Execution>(inst, ctx_);
    queue_delay_[i] = queue_delay;
    if (ex->output_fd() >= 0) watch(ex->output_fd(), uint64_t(i) << 1);
    if (ex->exit_fd() >= 0) watch(ex->exit_fd(), (uint64_t(i) << 1) | 1);
    ++res_.started;
    running_.emplace(i, std::move(ex));
  }

  void stamp(results::Record& rec, size_t i, int64_t started, int64_t queue_delay) {
    rec.scheduled_ns = due(i);
    rec.started_ns = started;
    rec.queue_delay_ns = queue_delay;
  }

  void complete(size_t i, Execution& ex) {
    results::Record rec = ex.finish();
    stamp(rec, i, ex.launched_ns(), queue_delay_[i]);
    queue_delay_.erase(i);
    if (opt_.on_record) opt_.on_record(plan_[i], std::move(rec));
  }

  void interrupt(int64_t now) {
    stopping_ = res_.interrupted = true;
    while (next_ < plan_.size()) queue_.push_back(next_++);
    for (size_t i : queue_) {
      results::Record rec = plan_[i].base;
      rec.status = "not_started";
      rec.error = "the run was interrupted before this instance started";
      rec.scheduled_ns = due(i);
      ++res_.not_started;
      if (opt_.on_record) opt_.on_record(plan_[i], std::move(rec));
    }
    queue_.clear();
    for (auto& [i, ex] : running_) ex->interrupt(now, opt_.grace_ns);
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
    ::timerfd_settime(timer_.fd, TFD_TIMER_ABSTIME, &its, nullptr);
    epoll_event evs[256];
    int n = ::epoll_wait(ep_.fd, evs, 256, kMaxWaitMs);
    if (n < 0 && errno != EINTR)
      throw UserError(std::string("scheduler: epoll_wait: ") + std::strerror(errno));
    const int64_t now = now_ns();
    for (int k = 0; k < n; ++k) {
      uint64_t tag = evs[k].data.u64;
      if (tag == kTimerTag) {
        uint64_t ticks;
        [[maybe_unused]] ssize_t r = ::read(timer_.fd, &ticks, sizeof ticks);
        continue;
      }
      auto it = running_.find(size_t(tag >> 1));
      if (it == running_.end()) continue;
      if (tag & 1)
        it->second->on_exit();
      else
        it->second->on_output(now);
    }
    // Children without a pidfd (old kernels) are reaped by polling.
    for (auto& [i, ex] : running_)
      if (ex->exit_fd() < 0) ex->on_exit();
  }

  void publish() {
    if (opt_.running) opt_.running->store(int64_t(running_.size()));
  }

  std::vector<Instance>& plan_;
  const ExecContext& ctx_;
  const ScheduleOptions& opt_;
  Fd ep_, timer_;
  ScheduleResult res_;
  size_t next_ = 0;
  std::deque<size_t> queue_;
  std::set<size_t> queued_;                // found no free slot when due
  std::map<size_t, int64_t> queue_delay_;  // running instance → its queue delay
  std::map<size_t, std::unique_ptr<Execution>> running_;
  bool stopping_ = false;
};

}  // namespace

ScheduleResult run_schedule(std::vector<Instance>& plan, const ExecContext& ctx,
                            const ScheduleOptions& opt) {
  return Loop(plan, ctx, opt).run();
}

}  // namespace fcbench::run
