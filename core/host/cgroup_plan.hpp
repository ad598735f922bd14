// The decisions behind an instance's cgroup, without system calls: its name,
// its limits, and what its control files say at the end. host/cgroup makes
// the groups.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace fcbench::host {

// Memory a VMM process needs beyond the guest's RAM: its own code and heap,
// device emulation and I/O buffers: 256 MiB. Under TCG, QEMU also keeps the
// translated code (a 256 MiB guest's QEMU peaked at 207-232 MiB having
// touched little guest RAM), so it gets 512 MiB.
inline constexpr uint32_t kVmmAllowanceMib = 256;
inline constexpr uint32_t kTcgAllowanceMib = 512;
// The same for a native payload, which gets the guest's RAM (more than a
// payload in the guest keeps, since its kernel takes a share) plus room for
// its binary, libraries and page cache: 64 MiB.
inline constexpr uint32_t kNativeAllowanceMib = 64;

struct CgroupLimits {
  uint64_t memory_bytes = 0;  // memory.max / memory.limit_in_bytes
  uint32_t allowance_mib = 0;
  std::string cpus;  // cpuset.cpus; "" keeps the parent's
};

// Guest RAM plus the allowance: native (!vm), TCG (accel "tcg") or any
// other VMM; the pinned cores, if any.
CgroupLimits decide_cgroup_limits(uint32_t mem_mib, bool vm, std::string_view accel,
                                  const std::set<int>& pin_cores);

// "fcbench-<owner>-<slug of id>": [A-Za-z0-9._-] only, at most 100 bytes;
// an id that does not map one to one gets 8 hex digits of its hash.
std::string cgroup_name(pid_t owner, std::string_view instance_id);
// The owner pid of a name cgroup_name() made; nullopt for any other name.
std::optional<pid_t> cgroup_owner(std::string_view name);

// What a group's control files said at the end; unset where a file is missing.
struct CgroupUsage {
  std::optional<uint64_t> memory_peak_bytes;
  std::optional<uint64_t> cpu_ns;
  uint64_t oom_kills = 0;
};

// One "key value" line of a flat-keyed file (cpu.stat, memory.events,
// memory.oom_control): the value of `key`, or nullopt.
std::optional<uint64_t> keyed_value(std::string_view text, std::string_view key);
// True if the whitespace-separated `list` (cgroup.controllers,
// cgroup.subtree_control) holds `word`.
bool list_has(std::string_view list, std::string_view word);
// A file holding one number ("123\n"), or nullopt.
std::optional<uint64_t> single_value(std::string_view text);

}  // namespace fcbench::host
