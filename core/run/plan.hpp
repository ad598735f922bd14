// Planning: a suite or a workload becomes benchmarks (what to run) and
// instances (each run, with its VM spec, command and record identity).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/suite.hpp"
#include "plugin/registry.hpp"
#include "run/instance.hpp"
#include "run/options.hpp"
#include "workload/spec.hpp"

namespace fcbench::run {

// What a run was made from.
struct Source {
  std::string kind;            // suite | workload | baseline
  std::filesystem::path file;  // absolute
  std::string name;            // the suite's name, or the workload file's stem
  std::string sha256;          // of the file's bytes
};

struct Plan {
  Source src;
  std::vector<config::Benchmark> benches;  // instances point into it: filled first
  std::vector<Instance> instances;         // sorted by arrival_ns
  host::Settings host;
  uint32_t max_concurrent = 1;  // 0: no cap
  uint32_t repetitions = 1;     // a baseline's, for baseline.json
};

// Letters, digits, '.', '-'; anything else becomes '_' (80 chars at most).
std::string slug(const std::string& s);

// Repetitions interleaved across benchmarks (1 of each, then 2, ...), all
// due at once, one at a time unless --max-concurrent says otherwise. An
// adaptive benchmark gets its max; the run's AdaptiveGate skips the rest.
// Takes the suite's benchmarks (pass an rvalue not to copy a large suite).
Plan plan_suite(config::Suite suite, const RunOptions& opt);
// One benchmark per distinct (plugin, params, vcpus, mem_mib); instances
// keep the workload's ids and arrival offsets, sorted by arrival (stable);
// with a shard, instance i of that order is its if i mod N == K. No cap by
// default. `defaults` are the VM settings before opt's overrides (a
// suite's `defaults:` when a suite names the workload).
Plan plan_workload(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults = {});
// The same, streamed from the file (read_workload's checks), so a million
// instances cost a few dozen bytes each.
Plan plan_workload(const std::filesystem::path& file, const plugin::Registry& plugins,
                   const RunOptions& opt, const config::VmSettings& defaults = {});
// Each distinct (plugin, params, vcpus, mem_mib) of the workload alone, one
// at a time, opt.repetitions times (default 5), interleaved.
Plan plan_baseline(const workload::Workload& w, const std::filesystem::path& file,
                   const RunOptions& opt, const config::VmSettings& defaults = {});
Plan plan_baseline(const std::filesystem::path& file, const plugin::Registry& plugins,
                   const RunOptions& opt, const config::VmSettings& defaults = {});
// A suite that names a workload: the suite gives the VM defaults, host
// settings, the cap and the baseline; the command line still wins.
RunOptions suite_workload_options(const config::Suite& suite, const RunOptions& cli);
Plan plan_suite_workload(const config::Suite& suite, const plugin::Registry& plugins,
                         const RunOptions& opt);
}  // namespace fcbench::run
