#include "host/settings.hpp"

#include <stdexcept>

#include "host/sysfs.hpp"

namespace fcbench::host {

bool Settings::changes_anything() const {
  return smt != Toggle::keep || !governor.empty() || turbo != Toggle::keep || drop_caches;
}

Settings merge(Settings base, const Overrides& cli) {
  if (cli.smt) base.smt = *cli.smt;
  if (cli.governor) base.governor = *cli.governor;
  if (cli.turbo) base.turbo = *cli.turbo;
  if (cli.drop_caches) base.drop_caches = *cli.drop_caches;
  if (cli.strict) base.strict = *cli.strict;
  if (cli.pin) base.pin = *cli.pin;
  if (cli.cgroups) base.cgroups = *cli.cgroups;
  if (cli.cpuset) base.cpuset = *cli.cpuset;
  return base;
}

std::optional<Toggle> parse_toggle(std::string_view s) {
  if (s == "on" || s == "true") return Toggle::on;
  if (s == "off" || s == "false") return Toggle::off;
  if (s == "keep") return Toggle::keep;
  return std::nullopt;
}

std::string to_string(Toggle t) {
  switch (t) {
    case Toggle::on:
      return "on";
    case Toggle::off:
      return "off";
    case Toggle::keep:
      break;
  }
  return "keep";
}

std::optional<std::string> parse_governor(std::string_view s) {
  if (s == "keep") return std::string();
  if (s.empty() || s.size() > 15) return std::nullopt;  // CPUFREQ_NAME_LEN - 1
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return std::nullopt;
  return std::string(s);
}

std::optional<std::string> parse_cpuset(std::string_view s) {
  if (s.empty() || s.find_first_not_of("0123456789,-") != std::string_view::npos)
    return std::nullopt;
  try {
    auto cpus = parse_cpu_list(s);
    if (cpus.empty() || *cpus.rbegin() >= 4096) return std::nullopt;
    return format_cpu_list(cpus);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace fcbench::host
