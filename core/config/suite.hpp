// Suite configuration: plain data, no behaviour.
#pragma once

#include <fcbench/plugin.h>

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
// The longest timeout_s, in the suite and for --timeout-s: a week.
inline constexpr double kMaxTimeoutS = 7 * 86400;

// `repetitions: {min, max, target_ci | target_rsd}`: repeat a benchmark
// until its primary metric is stable enough, at least min and at most max
// times (docs/suite-schema.md#adaptive-repetitions).
struct AdaptiveRepetitions {
  enum class Criterion { ci, rsd };  // 95 % CI half-width of the mean, or RSD
  uint32_t min = 2, max = 2;         // 2 <= min <= max
  Criterion criterion = Criterion::ci;
  double target = 0;  // relative to the mean, a fraction in (0, 1): 0.02 = 2 %
};

struct VmSettings {
  std::string vmm = "qemu";
  std::string accel = "auto";  // auto | kvm | tcg
  uint32_t vcpus = kDefaultVcpus;
  uint32_t mem_mib = kDefaultMemMib;
  uint32_t repetitions = 1;  // with `adaptive`: its max
  std::optional<AdaptiveRepetitions> adaptive;
  std::string primary_metric;  // what `adaptive` watches; empty: the plugin's first metric
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
  std::map<std::string, fcb_param_type> param_types;  // of every parameter the plugin declares
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
