#include "host/cores.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "host/sysfs.hpp"
#include "util/error.hpp"

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

PinCores choose_pin_cores(const std::set<int>& usable, const std::string& cpuset, bool strict) {
  if (usable.empty()) throw UserError("--pin: cannot read this process's CPU affinity", 2);
  if (cpuset.empty()) return {usable, ""};
  std::set<int> ok, not_usable;
  for (int c : parse_cpu_list(cpuset)) (usable.count(c) ? ok : not_usable).insert(c);
  if (ok.empty())
    throw UserError(fmt::format("--cpuset {}: none of these CPUs is usable here (usable: {})",
                                cpuset, format_cpu_list(usable)),
                    2);
  if (not_usable.empty()) return {ok, ""};
  const std::string msg = fmt::format("cpuset: CPU(s) {} not usable here (usable: {})",
                                      format_cpu_list(not_usable), format_cpu_list(usable));
  if (strict) throw UserError("host setting cannot be applied: " + msg, 2);
  return {ok, fmt::format("{}; pinning to {}", msg, format_cpu_list(ok))};
}

}  // namespace fcbench::host
