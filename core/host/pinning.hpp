// Pins a running VMM's threads to cores: each vCPU thread to its own core,
// every other thread (main loop, API, I/O) to one further core. Threads are
// found by name in /proc/PID/task/*/comm:
//   QEMU         "CPU N/KVM", "CPU N/TCG" (vCPUs), the main thread, helpers
//   Firecracker  "fc_vcpu N" (vCPUs), "fc_api", the main thread
// Threads are processes, not host settings, so this reads the real /proc;
// only tests pass another root.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/cores.hpp"

namespace fcbench::host {

// The vCPU index a thread name stands for, or nullopt for a non-vCPU thread.
std::optional<int> vcpu_index(std::string_view comm);

struct VmmThread {
  pid_t tid = 0;
  std::string comm;
  std::optional<int> vcpu;  // set for vCPU threads
};

// The threads of process `pid` under `proc_root`, by thread id; empty if the
// process is gone.
std::vector<VmmThread> list_threads(const std::filesystem::path& proc_root, pid_t pid);

// The CPUs this process may run on (its own affinity): the default set to
// pin to when no --cpuset is given.
std::set<int> usable_cpus();

struct PinOptions {
  std::filesystem::path proc_root = "/proc";
  // How long to wait for all vCPU threads to appear after launch.
  std::chrono::milliseconds wait{2000};
  std::chrono::milliseconds poll{5};
};

struct PinResult {
  CoreGrant grant;  // release() it to the allocator once the VMM has ended
  bool granted = false;
  std::vector<std::string> warnings;
  // For the record: {"vcpus": {"0": core}, "vmm_threads": core, "shared": b,
  // "warnings": [...]}.
  nlohmann::json to_json() const;
};

// Waits (bounded) for `vcpus` vCPU threads of `pid`, takes cores from
// `cores` and sets every thread's affinity. Never throws; what went wrong is
// in the warnings.
PinResult pin_vmm(pid_t pid, unsigned vcpus, CoreAllocator& cores, const PinOptions& opt = {});

}  // namespace fcbench::host
