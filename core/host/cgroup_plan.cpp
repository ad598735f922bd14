#include "host/cgroup_plan.hpp"

#include <cctype>
#include <sstream>

#include "host/sysfs.hpp"
#include "util/hash.hpp"
#include "util/number.hpp"

namespace fcbench::host {

namespace {

constexpr std::string_view kPrefix = "fcbench-";
constexpr size_t kMaxSlug = 64;

bool slug_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

}  // namespace

CgroupLimits decide_cgroup_limits(uint32_t mem_mib, bool vm, std::string_view accel,
                                  const std::set<int>& pin_cores) {
  CgroupLimits l;
  l.allowance_mib = !vm              ? kNativeAllowanceMib
                    : accel == "tcg" ? kTcgAllowanceMib
                                     : kVmmAllowanceMib;
  l.memory_bytes = (uint64_t(mem_mib) + l.allowance_mib) << 20;
  if (!pin_cores.empty()) l.cpus = format_cpu_list(pin_cores);
  return l;
}

std::string cgroup_name(pid_t owner, std::string_view instance_id) {
  std::string slug;
  for (char c : instance_id) slug += slug_char(c) ? c : '_';
  // "." and ".." are not names; a changed or long id keeps a hash of itself.
  const bool lossy = slug != instance_id || slug.empty() || slug == "." || slug == "..";
  if (lossy || slug.size() > kMaxSlug) {
    slug = slug.substr(0, kMaxSlug - 9) + "-" + sha256_hex(instance_id).substr(0, 8);
  }
  return std::string(kPrefix) + std::to_string(owner) + "-" + slug;
}

std::optional<pid_t> cgroup_owner(std::string_view name) {
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  const size_t dash = name.find('-');
  if (dash == std::string_view::npos || dash + 1 == name.size()) return std::nullopt;
  auto pid = parse_number<int>(name.substr(0, dash), 1, 1 << 30);
  if (!pid) return std::nullopt;
  return pid_t(*pid);
}

std::optional<uint64_t> keyed_value(std::string_view text, std::string_view key) {
  std::istringstream in{std::string(text)};
  for (std::string k, v; in >> k >> v;)
    if (k == key) return parse_number<unsigned long long>(v);
  return std::nullopt;
}

bool list_has(std::string_view list, std::string_view word) {
  std::istringstream in{std::string(list)};
  for (std::string w; in >> w;)
    if (w == word) return true;
  return false;
}

std::optional<uint64_t> single_value(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return parse_number<unsigned long long>(text);
}

}  // namespace fcbench::host
