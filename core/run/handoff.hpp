// Jobs the scheduler's loop hands to helper threads, so that nothing slow
// runs on the loop itself. Lifecycle: submit() jobs; once event_fd() is
// readable, ended() gives the numbers of those that have returned, in that
// order; the destructor drops the jobs not yet begun and joins the threads
// once their current job has returned.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "run/worker_queue.hpp"
#include "util/fd.hpp"

namespace fcbench::run {

class Handoff {
 public:
  explicit Handoff(size_t threads);
  int event_fd() const { return event_.get(); }  // for epoll: readable when jobs have ended
  void submit(size_t i, std::function<void()> job);
  std::vector<size_t> ended();  // clears event_fd()

 private:
  void work(size_t i);
  Fd event_;
  std::mutex mu_;
  std::map<size_t, std::function<void()>> jobs_;
  std::vector<size_t> ended_;
  WorkerQueue queue_;  // last: its threads stop first
};

}  // namespace fcbench::run
