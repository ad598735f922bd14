#include "run/preflight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "host/memory.hpp"
#include "run/limits.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

namespace {

// No instance outlives its timeout plus this (the stop grace).
constexpr double kStopGraceS = 5;

}  // namespace

size_t plan_peak(const Plan& plan) {
  double timeout_s = 0;
  for (auto& b : plan.benches) timeout_s = std::max(timeout_s, b.vm.timeout_s);
  std::vector<int64_t> arrivals;
  arrivals.reserve(plan.instances.size());
  for (auto& inst : plan.instances) arrivals.push_back(inst.arrival_ns);
  return peak_instances(arrivals, int64_t(std::llround((timeout_s + kStopGraceS) * 1e9)),
                        plan.max_concurrent);
}

void check_resources(const Plan& plan) {
  const size_t peak = plan_peak(plan);
  InstanceNeeds each;
  uint64_t guest_mib = 0;
  for (auto& b : plan.benches) {
    const bool vm = vmm::is_vm(b.vm.vmm);
    each = max_needs(each, instance_needs(vm, b.vm.vcpus));
    if (vm) guest_mib = std::max<uint64_t>(guest_mib, b.vm.mem_mib);
  }
  for (auto& note : ensure_limits(limit_needs(each, peak, open_fds())).notes)
    fmt::print(stderr, "note: {}\n", note);
  if (auto w = host::check_guest_memory(peak, guest_mib); !w.empty())
    fmt::print(stderr, "warning: {}\n", w);
}

}  // namespace fcbench::run
