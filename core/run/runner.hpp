// Runs a suite: prepare assets, plan instances, execute, write results.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>

#include "config/suite.hpp"
#include "host/settings.hpp"
#include "plugin/registry.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

struct RunOptions {
  std::filesystem::path output;  // empty: fcbench-results/<suite>-<time>
  std::string vmm;               // override the suite's vmm
  std::string accel;             // override the suite's accel
  std::string firecracker_mode;  // override the suite's firecracker_mode
  vmm::DriverOptions drivers;    // e.g. --firecracker PATH
  uint32_t repetitions = 0;      // override every benchmark's (0: keep)
  bool dry_run = false;
  bool keep_instances = false;  // keep per-instance disks after the run
  const std::atomic<bool>* interrupted = nullptr;
  host::Overrides host;  // command-line host settings; win over the suite's `host:`
};

// Returns the process exit code: 0 all ok, 1 some instance not ok,
// 130 interrupted. Host settings are restored before it returns or throws;
// with --strict-host, settings that cannot be applied throw UserError (2)
// before anything is changed.
int run_suite(const config::Suite& suite, const plugin::Registry& plugins, const RunOptions& opt);

}  // namespace fcbench::run
