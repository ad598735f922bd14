// One instance: boot its VM, watch the console, collect and parse results.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "host/cores.hpp"
#include "plugin/plugin.hpp"
#include "results/record.hpp"
#include "vmm/driver.hpp"

namespace fcbench::run {

struct Instance {
  std::string id;
  const config::Benchmark* bench = nullptr;
  uint32_t repetition = 1;
  std::shared_ptr<const plugin::Plugin> plugin;
  plugin::Job job;
  vmm::VmSpec spec;
  std::vector<std::string> command;  // exactly what runs
  results::Record base;              // identity fields, filled at planning
};

struct ExecContext {
  const vmm::Driver* driver = nullptr;
  std::filesystem::path logs_dir;
  const std::atomic<bool>* interrupted = nullptr;
  // With --pin: where each VMM's threads go once it has started.
  host::CoreAllocator* cores = nullptr;
};

// Never throws for guest/VMM problems: they become the record's status.
results::Record execute(const Instance& inst, const ExecContext& ctx);

}  // namespace fcbench::run
