#include "run/host_tuning.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include "host/fingerprint.hpp"
#include "host/pinning.hpp"

namespace fcbench::run {

HostTuning::HostTuning(const host::Settings& suite, const host::Overrides& cli)
    : settings_(host::merge(suite, cli)), session_(sysfs_, settings_) {
  print_warnings_from(0);
  if (!settings_.pin) return;
  auto pick = host::choose_pin_cores(host::usable_cpus(), settings_.cpuset, settings_.strict);
  if (!pick.warning.empty()) fmt::print(stderr, "warning: {}\n", pick.warning);
  cores_.emplace(pick.cores);
}

void HostTuning::apply() {
  const size_t before = session_.warnings().size();
  session_.apply();
  print_warnings_from(before);
  set_up_cgroups();
}

void HostTuning::set_up_cgroups() {
  if (!settings_.cgroups) {  // asked for: recorded, not warned about
    cgroups_.emplace(host::CgroupLayout{host::CgroupVersion::none, "turned off (--no-cgroups)", {}},
                     ::getpid());
    return;
  }
  cgroups_.emplace(host::detect_cgroups(), ::getpid());
  if (!cgroups_->usable()) {
    fmt::print(stderr,
               "warning: per-instance cgroups {}; instances run without a memory limit, and "
               "records have no memory_peak_bytes or cgroup_cpu_ns\n",
               cgroups_->layout().describe());
    return;
  }
  std::vector<std::string> busy;
  if (auto gone = cgroups_->remove_leftovers(&busy); !gone.empty())
    fmt::print(stderr, "removed {} empty cgroup(s) left by a dead fcbench: {}\n", gone.size(),
               fmt::join(gone, ", "));
  if (!busy.empty())
    fmt::print(stderr,
               "warning: {} cgroup(s) of a dead fcbench still hold processes: {}; `fcbench run "
               "--resume` of that run ends them\n",
               busy.size(), fmt::join(busy, ", "));
}

void HostTuning::before_instance() {
  if (auto w = session_.before_instance(); !w.empty()) fmt::print(stderr, "warning: {}\n", w);
}

void HostTuning::restore() {
  for (auto& e : session_.restore()) fmt::print(stderr, "warning: host restore: {}\n", e);
}

nlohmann::json HostTuning::fingerprint() const {
  nlohmann::json facts = host::host_fingerprint(sysfs_);
  if (cgroups_) facts["cgroups"] = cgroups_->layout().describe();
  return facts;
}

void HostTuning::print_warnings_from(size_t first) const {
  const auto& w = session_.warnings();
  for (size_t i = first; i < w.size(); ++i)
    fmt::print(stderr, "warning: host setting not applied: {}\n", w[i]);
}

}  // namespace fcbench::run
