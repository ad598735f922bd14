// Places instances and makes their files (disks, directories) on a helper
// thread, ahead of their start, so that a launch is little more than a
// spawn. Lifecycle: request() an instance ahead; take() it when it starts
// (prepared here if the helper has not begun on it) or discard() it if it
// never will; the destructor drops what is queued.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "run/instance.hpp"
#include "run/worker_queue.hpp"
#include "util/fd.hpp"

namespace fcbench::run {

// A placed instance with its files made, or why it could not be (then
// `inst` may be null: it could not even be placed).
struct Prepared {
  std::unique_ptr<Placed> inst;
  std::string error;
};

class Preparer {
 public:
  explicit Preparer(std::function<Prepared(size_t)> prepare);
  // Readable once the helper has prepared something since clear_event().
  int event_fd() const { return event_.get(); }
  void clear_event();
  void request(size_t i);  // asks for `i` ahead; again: no effect
  // Whether `i` has been prepared, without error, and not yet taken.
  bool ready(size_t i);
  // The prepared instance; prepares it here if the helper has not begun on
  // it, waits if it is on it now.
  Prepared take(size_t i);
  // Forgets `i`, which will not start: cancels its preparation, or waits
  // for it to end. Returns what was prepared (its files are the caller's
  // to remove), or null.
  std::unique_ptr<Placed> discard(size_t i);

 private:
  void work(size_t i);
  std::function<Prepared(size_t)> prepare_;
  std::mutex mu_;
  std::set<size_t> requested_;
  std::map<size_t, Prepared> done_;
  Fd event_;
  WorkerQueue queue_;  // last: its threads stop first
};

}  // namespace fcbench::run
