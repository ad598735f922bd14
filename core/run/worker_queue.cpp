#include "run/worker_queue.hpp"

#include <sys/resource.h>

#include <algorithm>

#include "util/process.hpp"
#include "util/stop_signals.hpp"

namespace fcbench::run {

WorkerQueue::WorkerQueue(size_t max_threads, std::function<void(size_t)> run)
    : max_threads_(std::max<size_t>(1, max_threads)), run_(std::move(run)) {}

WorkerQueue::~WorkerQueue() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
    pending_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerQueue::push(size_t i) {
  {
    std::lock_guard lk(mu_);
    pending_.push_back(i);
    if (threads_.size() < max_threads_ && threads_.size() < pending_.size() + running_.size())
      threads_.emplace_back([this] { work(); });
  }
  cv_.notify_all();
}

bool WorkerQueue::cancel(size_t i) {
  std::lock_guard lk(mu_);
  auto it = std::find(pending_.begin(), pending_.end(), i);
  if (it == pending_.end()) return false;
  pending_.erase(it);
  return true;
}

void WorkerQueue::wait(size_t i) {
  std::unique_lock lk(mu_);
  cv_.wait(lk, [&] { return !running_.count(i); });
}

size_t WorkerQueue::threads() const {
  std::lock_guard lk(mu_);
  return threads_.size();
}

void WorkerQueue::work() {
  block_stop_signals();
  if (auto nice = child_nice()) ::setpriority(PRIO_PROCESS, 0, *nice);  // not the loop's boost
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return stop_ || !pending_.empty(); });
    if (stop_) return;
    const size_t i = pending_.front();
    pending_.pop_front();
    auto mine = running_.insert(i);
    lk.unlock();
    run_(i);
    lk.lock();
    running_.erase(mine);
    cv_.notify_all();
  }
}

}  // namespace fcbench::run
