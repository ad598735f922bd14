#include "run/host_tuning.hpp"

#include <fmt/format.h>

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
}

void HostTuning::before_instance() {
  if (auto w = session_.before_instance(); !w.empty()) fmt::print(stderr, "warning: {}\n", w);
}

void HostTuning::restore() {
  for (auto& e : session_.restore()) fmt::print(stderr, "warning: host restore: {}\n", e);
}

nlohmann::json HostTuning::fingerprint() const {
  return host::host_fingerprint(sysfs_);
}

void HostTuning::print_warnings_from(size_t first) const {
  const auto& w = session_.warnings();
  for (size_t i = first; i < w.size(); ++i)
    fmt::print(stderr, "warning: host setting not applied: {}\n", w[i]);
}

}  // namespace fcbench::run
