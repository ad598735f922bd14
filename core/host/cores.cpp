#include "host/cores.hpp"

#include <stdexcept>

namespace fcbench::host {

CoreAllocator::CoreAllocator(const std::set<int>& allowed) : allowed_(allowed) {
  if (allowed_.empty()) throw std::invalid_argument("no cores to pin to");
  for (int c : allowed_) use_[c] = 0;
}

int CoreAllocator::take() {
  auto best = use_.begin();
  for (auto it = use_.begin(); it != use_.end(); ++it)
    if (it->second < best->second) best = it;
  ++best->second;
  return best->first;
}

CoreGrant CoreAllocator::allocate(unsigned vcpus) {
  std::lock_guard<std::mutex> lock(mu_);
  CoreGrant g;
  for (unsigned i = 0; i <= vcpus; ++i) {
    int core = take();
    if (use_[core] > 1) g.shared = true;
    if (i < vcpus)
      g.vcpus[int(i)] = core;
    else
      g.vmm_threads = core;
  }
  return g;
}

void CoreAllocator::release(const CoreGrant& grant) {
  std::lock_guard<std::mutex> lock(mu_);
  auto give = [&](int core) {
    auto it = use_.find(core);
    if (it != use_.end() && it->second > 0) --it->second;
  };
  for (auto& [v, core] : grant.vcpus) give(core);
  if (grant.vmm_threads >= 0) give(grant.vmm_threads);
}

}  // namespace fcbench::host
