// Where per-instance cgroups can go on this host: cgroup v2 with the memory
// controller, else the v1 memory hierarchy (with cpuset and cpuacct where
// mounted), else nowhere, and why. Reads only. Every path lies under a root
// ("/sys/fs/cgroup", or $FCBENCH_CGROUP_ROOT), so tests use a fake tree.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace fcbench::host {

enum class CgroupVersion { none, v1, v2 };

struct CgroupLayout {
  CgroupVersion version = CgroupVersion::none;
  std::string reason;  // with none: why cgroups cannot be used
  // Our own group, where instance groups are made: v2 under the key "", v1
  // per controller ("memory", and "cpuset", "cpuacct" where mounted).
  std::map<std::string, std::filesystem::path> parents;
  // "v1", "v2", or "unavailable: <reason>", as env.json records it.
  std::string describe() const;
};

// $FCBENCH_CGROUP_ROOT (made absolute) if set and not empty, else "/sys/fs/cgroup".
std::filesystem::path cgroup_root_from_env();

// /proc/self/cgroup → controller → group path; v2's "0::/x" under "".
// A v1 line naming several controllers ("4:cpu,cpuacct:/x") gives each.
std::map<std::string, std::string> parse_proc_cgroup(std::string_view text);

// The layout under `root` for a process whose /proc/self/cgroup is
// `self_cgroup`. v2 counts only if our group offers the memory controller;
// a parent that this process cannot write makes either version unusable.
CgroupLayout detect_cgroups(const std::filesystem::path& root, std::string_view self_cgroup);

// The same for this process, under cgroup_root_from_env().
CgroupLayout detect_cgroups();

}  // namespace fcbench::host
