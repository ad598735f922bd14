// How a run is asked to go: the command line's overrides of a suite or
// workload, kept in run.json so `--resume` runs the rest the same way.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "host/settings.hpp"
#include "run/shard.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

struct RunOptions {
  std::filesystem::path output;  // empty: fcbench-results/<name>-<time>
  std::string vmm;               // override the suite's vmm
  std::string accel;             // override the suite's accel
  std::string firecracker_mode;  // override the suite's firecracker_mode
  vmm::DriverOptions drivers;    // e.g. --firecracker PATH
  uint32_t repetitions = 0;      // override every benchmark's (0: keep)
  double timeout_s = 0;          // override every instance's (0: keep)
  // How many instances run at once; 0: the default (a suite runs one at a
  // time, a workload has no cap).
  uint32_t max_concurrent = 0;
  bool unlimited = false;          // --max-concurrent 0 given: no cap
  double grace_s = 2;              // after an interrupt, before running instances are stopped
  double monitor_interval_s = 1;   // host.jsonl sampling; 0: no host monitor
  std::filesystem::path baseline;  // baseline.json (or its dir): slowdown in summary.json
  bool dry_run = false;
  bool keep_instances = false;   // keep per-instance disks after the run
  bool force = false;            // reuse an output directory an earlier run left without results
  bool history = true;           // register the run in the history DB when it ends
  std::optional<Shard> shard;    // --shard K/N: a workload's i-th instance runs if i mod N == K
  int64_t start_at_wall_ns = 0;  // --start-at: the common start (0: start when ready)
  bool late_ok = false;          // start even if --start-at has passed
  const std::atomic<bool>* interrupted = nullptr;
  host::Overrides host;  // command-line host settings; win over the suite's `host:`
};

}  // namespace fcbench::run
