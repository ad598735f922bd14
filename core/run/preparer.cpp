#include "run/preparer.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.hpp"

namespace fcbench::run {

Preparer::Preparer(std::function<Prepared(size_t)> prepare)
    : prepare_(std::move(prepare)),
      event_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      queue_(1, [this](size_t i) { work(i); }) {
  if (!event_.valid()) throw SystemError("scheduler: eventfd", errno);
}

void Preparer::clear_event() {
  uint64_t n;
  [[maybe_unused]] ssize_t r = ::read(event_.get(), &n, sizeof n);
}

void Preparer::request(size_t i) {
  {
    std::lock_guard lk(mu_);
    if (!requested_.insert(i).second) return;
  }
  queue_.push(i);
}

bool Preparer::ready(size_t i) {
  std::lock_guard lk(mu_);
  auto it = done_.find(i);
  return requested_.count(i) && it != done_.end() && it->second.error.empty();
}

Prepared Preparer::take(size_t i) {
  {
    std::lock_guard lk(mu_);
    requested_.erase(i);
  }
  if (queue_.cancel(i)) return prepare_(i);
  queue_.wait(i);
  std::lock_guard lk(mu_);
  if (auto it = done_.find(i); it != done_.end()) {
    Prepared r = std::move(it->second);
    done_.erase(it);
    return r;
  }
  return prepare_(i);  // never requested
}

std::unique_ptr<Placed> Preparer::discard(size_t i) {
  {
    std::lock_guard lk(mu_);
    if (!requested_.erase(i)) return nullptr;  // never asked for, or taken
  }
  if (!queue_.cancel(i)) queue_.wait(i);
  std::lock_guard lk(mu_);
  auto node = done_.extract(i);
  return node ? std::move(node.mapped().inst) : nullptr;
}

void Preparer::work(size_t i) {
  Prepared r = prepare_(i);
  {
    std::lock_guard lk(mu_);
    done_[i] = std::move(r);
  }
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(event_.get(), &one, sizeof one);
}

}  // namespace fcbench::run
