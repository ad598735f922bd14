// Reads, applies and restores the host's CPU settings (SMT, governor,
// turbo) through Sysfs. Planning only reads, so every setting is checked
// before anything is changed.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "host/settings.hpp"
#include "host/sysfs.hpp"

namespace fcbench::host {

// One write to the host, and what to write back to undo it.
struct Change {
  std::string setting;   // smt | governor | turbo
  std::string path;      // host path, e.g. /sys/devices/system/cpu/smt/control
  std::string original;  // value before the change
  std::string target;    // value written
};

struct Plan {
  std::vector<Change> changes;        // in apply order; restore runs in reverse
  std::vector<std::string> warnings;  // "setting: why it cannot be applied"
  std::set<int> cpus_in_use;          // online CPUs once the SMT change is made
};

// The host's current settings, for `fcbench host status` and env.json.
struct State {
  std::string smt;         // on | off | forceoff | notsupported | notimplemented | unknown
  std::string smt_source;  // the file it was read from, or how it was derived
  std::set<int> online, offline;
  std::map<int, std::string> governors;  // online CPUs that have cpufreq
  std::string turbo;                     // on | off | unavailable
  std::string turbo_source;

  // "performance", "mixed (cpu0 performance, cpu1 powersave)" or
  // "unavailable"; over `cpus` if given, else every online CPU.
  std::string governor(const std::set<int>& cpus = {}) const;
  nlohmann::json to_json() const;
};

State read_state(const Sysfs& sys);

// What applying `s` would change, and which of it cannot be applied. Reads
// only. drop_caches is checked here (a warning if it cannot be written);
// it is not a Change because there is nothing to restore.
Plan make_plan(const Sysfs& sys, const Settings& s);

// Writes each change in order. Returns the changes made; each failed write
// adds a message to `errors`.
std::vector<Change> apply(const Sysfs& sys, const std::vector<Change>& changes,
                          std::vector<std::string>* errors);

// Writes every original value back, last change first; values already in
// place are left alone. Returns the changes that could not be undone, with
// a message for each in `errors`.
std::vector<Change> restore(const Sysfs& sys, const std::vector<Change>& changes,
                            std::vector<std::string>* errors);

// sync(), then drop the page cache, dentries and inodes. "" or the reason.
std::string drop_page_cache(const Sysfs& sys);

inline constexpr std::string_view kSmtControl = "/sys/devices/system/cpu/smt/control";
inline constexpr std::string_view kNoTurbo = "/sys/devices/system/cpu/intel_pstate/no_turbo";
inline constexpr std::string_view kBoost = "/sys/devices/system/cpu/cpufreq/boost";
inline constexpr std::string_view kDropCaches = "/proc/sys/vm/drop_caches";

}  // namespace fcbench::host
