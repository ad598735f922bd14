// The "apply host settings" stage of a run. Lifecycle: construct (plans,
// reads only; --strict-host refuses here, before anything is built) →
// apply() once the assets are ready (and per-instance cgroups set up) →
// restore() after the last instance. The destructor restores too, however
// the run ends.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "host/cgroup.hpp"
#include "host/cores.hpp"
#include "host/session.hpp"
#include "host/settings.hpp"
#include "host/sysfs.hpp"

namespace fcbench::run {

class HostTuning {
 public:
  // The suite's `host:` merged with the command line's; prints what cannot
  // be applied.
  HostTuning(const host::Settings& suite, const host::Overrides& cli);

  // Prints settings that failed to apply; sets up per-instance cgroups
  // (says once if they cannot be used) and ends a crashed run's stale ones.
  void apply();
  void before_instance();  // drops caches if asked; prints a warning
  void restore();          // prints what could not be restored

  // The host's environment facts (host/fingerprint), read now; after
  // apply() with "cgroups": "v1" | "v2" | "unavailable: <reason>".
  nlohmann::json fingerprint() const;
  const host::Session& session() const { return session_; }
  // With --pin, the cores VMM threads are pinned to; else nullptr.
  host::CoreAllocator* cores() { return cores_ ? &*cores_ : nullptr; }
  // After apply(), usable per-instance cgroups; else nullptr.
  const host::Cgroups* cgroups() const {
    return cgroups_ && cgroups_->usable() ? &*cgroups_ : nullptr;
  }

 private:
  void print_warnings_from(size_t first) const;
  void set_up_cgroups();

  host::Sysfs sysfs_;
  host::Settings settings_;
  host::Session session_;
  std::optional<host::CoreAllocator> cores_;
  std::optional<host::Cgroups> cgroups_;
};

}  // namespace fcbench::run
