// Runs a suite or a workload: prepare assets, plan instances, schedule
// them, write results, summarize.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "config/suite.hpp"
#include "host/settings.hpp"
#include "plugin/registry.hpp"
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
  bool keep_instances = false;  // keep per-instance disks after the run
  const std::atomic<bool>* interrupted = nullptr;
  host::Overrides host;  // command-line host settings; win over the suite's `host:`
};

// Each returns the process exit code: 0 all ok, 1 some instance not ok,
// 130 interrupted. Host settings are restored before it returns or throws;
// with --strict-host, settings that cannot be applied throw UserError (2)
// before anything is changed.
int run_suite(const config::Suite& suite, const plugin::Registry& plugins, const RunOptions& opt);
// A workload file from `fcbench generate`: instances start open-loop at
// their arrival offsets.
int run_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt);
// Runs each distinct configuration of a workload alone, opt.repetitions
// times, and writes DIR/baseline.json (median payload time of each).
int run_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                 const RunOptions& opt);
// Runs the instances of an earlier run in `dir` that have no final record
// (ok, failed or timeout) and adds their records.
int resume_run(const std::filesystem::path& dir, const plugin::Registry& plugins,
               const RunOptions& opt);

}  // namespace fcbench::run
