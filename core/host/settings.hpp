// Host settings for a run: plain data, no behaviour. The suite's `host:`
// block fills a Settings; command-line flags arrive as Overrides and win.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fcbench::host {

enum class Toggle { keep, on, off };

struct Settings {
  Toggle smt = Toggle::keep;
  std::string governor;  // empty: keep
  Toggle turbo = Toggle::keep;
  bool drop_caches = false;  // drop the page cache before each instance
  bool strict = false;       // a setting that cannot be applied is an error
  bool pin = false;          // pin each VMM's threads to cores (changes no host file)
  std::string cpuset;        // cores to pin to, a CPU list; empty: all usable CPUs
  bool cgroups = true;       // each instance in a cgroup of its own, where usable

  // True if applying these would write anything to the host.
  bool changes_anything() const;
};

// What the command line set; unset members leave the suite's value.
struct Overrides {
  std::optional<Toggle> smt;
  std::optional<std::string> governor;  // "" means keep
  std::optional<Toggle> turbo;
  std::optional<bool> drop_caches;
  std::optional<bool> strict;
  std::optional<bool> pin;
  std::optional<std::string> cpuset;
  std::optional<bool> cgroups;
};

Settings merge(Settings base, const Overrides& cli);

// "on" | "off" | "keep" (also "true"/"false"); nullopt for anything else.
std::optional<Toggle> parse_toggle(std::string_view s);
std::string to_string(Toggle t);
// A governor name as sysfs spells it ([a-z0-9_-]+), or "keep" (→ "").
// nullopt when the name is malformed.
std::optional<std::string> parse_governor(std::string_view s);
// A CPU list for --cpuset ("0-3,6") in canonical form, or nullopt when it is
// malformed or empty.
std::optional<std::string> parse_cpuset(std::string_view s);

}  // namespace fcbench::host
