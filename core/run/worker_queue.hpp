// A FIFO of numbered jobs run by up to N helper threads, started only as
// the queue needs them. Helper threads block SIGINT and SIGTERM (they
// belong to the scheduler's thread). Lifecycle: push() jobs; cancel() one
// not yet started; wait() for one running; the destructor drops the jobs
// still queued and joins the threads once their current job is done.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace fcbench::run {

class WorkerQueue {
 public:
  // `run` is called on a helper thread with each job's number.
  WorkerQueue(size_t max_threads, std::function<void(size_t)> run);
  ~WorkerQueue();
  WorkerQueue(const WorkerQueue&) = delete;
  WorkerQueue& operator=(const WorkerQueue&) = delete;

  // Queues job `i` (a number may be queued more than once).
  void push(size_t i);
  // Takes job `i` off the queue if no thread has started it: true then.
  bool cancel(size_t i);
  // Returns once no thread is running job `i`.
  void wait(size_t i);
  // Threads started so far (never more than max_threads).
  size_t threads() const;

 private:
  void work();

  const size_t max_threads_;
  std::function<void(size_t)> run_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<size_t> pending_;
  std::multiset<size_t> running_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

}  // namespace fcbench::run
