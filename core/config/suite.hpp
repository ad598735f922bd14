// Suite configuration: plain data, no behaviour.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/settings.hpp"

namespace fcbench::config {

using ParamMap = std::map<std::string, std::string>;

// Where something was written: "file:line:col".
struct Location {
  std::string file;
  int line = 0, col = 0;
  std::string str() const;
};

// Run Firecracker through its jailer (chroot, uid/gid drop, cgroups).
struct Jailer {
  uint32_t uid = 0, gid = 0;
  std::filesystem::path chroot_base = "/srv/jailer";
  int cgroup_version = 2;   // 1 | 2
  std::string cpuset_cpus;  // e.g. "2-3"; empty: no cpuset cgroup
};

// The VM shape when nothing says otherwise (suites, workloads, conversions).
inline constexpr uint32_t kDefaultVcpus = 1;
inline constexpr uint32_t kDefaultMemMib = 256;

struct VmSettings {
  std::string vmm = "qemu";
  std::string accel = "auto";  // auto | kvm | tcg
  uint32_t vcpus = kDefaultVcpus;
  uint32_t mem_mib = kDefaultMemMib;
  uint32_t repetitions = 1;
  double timeout_s = 120;
  std::string kernel;  // empty: the cached Debian cloud kernel
  // Firecracker only (other VMMs ignore them).
  std::string firecracker_mode = "api";  // api | config-file
  std::optional<Jailer> jailer;
};

struct Benchmark {
  std::string name;  // unique within the suite
  std::string plugin;
  ParamMap params;  // complete (defaults filled), canonical text form
  VmSettings vm;
  Location where;
};

// A suite may run a workload file instead of benchmarks.
struct WorkloadRef {
  std::filesystem::path file;         // resolved against the suite's directory
  uint32_t max_concurrent = 0;        // 0: no cap
  std::filesystem::path baseline;     // an existing baseline.json (or its directory)
  uint32_t baseline_repetitions = 0;  // > 0: run a baseline first, this many times
  std::string baseline_vmm;           // its VMM; empty: the workload's
  Location where;
};

struct Suite {
  std::string name;
  std::filesystem::path file;
  std::string sha256;  // of the suite file's bytes
  VmSettings defaults;
  std::vector<Benchmark> benchmarks;  // empty when `workload` is set
  std::optional<WorkloadRef> workload;
  host::Settings host;  // the `host:` block; command-line flags override it
};

}  // namespace fcbench::config
