#include "run/handoff.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.hpp"

namespace fcbench::run {

Handoff::Handoff(size_t threads)
    : event_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      queue_(threads, [this](size_t i) { work(i); }) {
  if (!event_.valid()) throw SystemError("scheduler: eventfd", errno);
}

void Handoff::submit(size_t i, std::function<void()> job) {
  {
    std::lock_guard lk(mu_);
    jobs_[i] = std::move(job);
  }
  queue_.push(i);
}

std::vector<size_t> Handoff::ended() {
  uint64_t n;
  [[maybe_unused]] ssize_t r = ::read(event_.get(), &n, sizeof n);
  std::lock_guard lk(mu_);
  std::vector<size_t> out;
  out.swap(ended_);
  return out;
}

void Handoff::work(size_t i) {
  std::function<void()> job;
  {
    std::lock_guard lk(mu_);
    job = std::move(jobs_.at(i));
    jobs_.erase(i);
  }
  job();
  {
    std::lock_guard lk(mu_);
    ended_.push_back(i);
  }
  uint64_t one = 1;
  [[maybe_unused]] ssize_t r = ::write(event_.get(), &one, sizeof one);
}

}  // namespace fcbench::run
