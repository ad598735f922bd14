// fcbench run: a suite, a workload file or the rest of an interrupted run →
// a results directory.
#include <fmt/format.h>

#include <atomic>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/host_flags.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "config/suite_loader.hpp"
#include "run/runner.hpp"
#include "run/start_clock.hpp"
#include "vmm/driver.hpp"

namespace fcbench::cli {

namespace {

// The command line as given.
struct RunArgs {
  std::vector<std::string> plugin_paths;
  std::string suite_file, output, vmm_name, accel, firecracker, fc_mode, workload, resume, baseline;
  std::string shard, start_at;
  uint32_t repetitions = 0, max_concurrent = 0;
  double timeout_s = 0, grace_s = 2, monitor_s = 1;
  HostFlags host_flags;
};

void add_run_options(po::options_description& o, RunArgs& a) {
  add_common(o, &a.plugin_paths);
  o.add_options()("output,o", po::value(&a.output),
                  "results directory (default fcbench-results/<suite>-<time>)")(
      "vmm", po::value(&a.vmm_name), "override the suite's VMM (qemu | firecracker | native)")(
      "firecracker", po::value(&a.firecracker),
      "firecracker binary (default: $FIRECRACKER, else firecracker in PATH)")(
      "firecracker-mode", po::value(&a.fc_mode),
      "override the suite's firecracker_mode (api | config-file)")(
      "accel", po::value(&a.accel), "auto | kvm | tcg (auto boots a probe guest under KVM first)")(
      "repetitions,n", po::value(&a.repetitions), "override every benchmark's repetitions")(
      "workload,w", po::value(&a.workload),
      "run a workload file from `fcbench generate` (open-loop arrivals)")(
      "max-concurrent,j", po::value(&a.max_concurrent),
      "at most N instances at once; 0: no cap (default: 1 for a suite, none for a workload)")(
      "timeout-s", po::value(&a.timeout_s), "override every instance's timeout_s")(
      "grace-s", po::value(&a.grace_s)->default_value(2),
      "after Ctrl-C, seconds running instances get to finish before they are stopped")(
      "monitor-interval-s", po::value(&a.monitor_s)->default_value(1),
      "host monitor sampling period for DIR/host.jsonl; 0: off")(
      "baseline", po::value(&a.baseline),
      "baseline.json from `fcbench baseline`: summary.json reports each instance's slowdown")(
      "resume", po::value(&a.resume),
      "run what an interrupted run in DIR left, appending its records")(
      "dry-run", "prepare every asset and print each instance's VMM command; launch nothing")(
      "keep-instances", "keep per-instance disks under DIR/instances")(
      "force",
      "reuse an output directory an earlier run left without results, replacing its files")(
      "no-history", "do not register the run in the history DB ($FCBENCH_HISTORY)")(
      "shard", po::value(&a.shard),
      "K/N: run only the workload's instances i with i mod N == K, at their own arrival times")(
      "start-at", po::value(&a.start_at),
      "prepare, then start the arrivals at this instant: ns since the Unix epoch or UTC ISO 8601 "
      "(a common start for the shards of a workload)")(
      "late-ok", "with --start-at: start now if that instant has passed (default: exit 2)");
  add_host_options(o, a.host_flags);
}

// Prints a usage error and returns 2, or returns 0 if the arguments are
// usable. Throws UserError for an unknown --vmm.
int check_args(const RunArgs& a, const po::variables_map& vm, const po::options_description& o) {
  const int sources =
      int(!a.suite_file.empty()) + int(!a.workload.empty()) + int(!a.resume.empty());
  if (sources != 1) {
    std::cerr << (sources ? "fcbench run: give one of SUITE.yaml, --workload or --resume\n"
                          : "fcbench run: missing SUITE.yaml (or --workload W.jsonl)\n")
              << o;
    return 2;
  }
  if (vm.count("timeout-s") && !(a.timeout_s > 0 && a.timeout_s <= config::kMaxTimeoutS)) {
    fmt::print(stderr, "fcbench run: --timeout-s must be in (0, 604800]\n");
    return 2;
  }
  if (!(a.grace_s >= 0 && a.grace_s <= 3600) || !(a.monitor_s >= 0 && a.monitor_s <= 3600)) {
    fmt::print(stderr, "fcbench run: --grace-s and --monitor-interval-s must be in [0, 3600]\n");
    return 2;
  }
  if (!a.accel.empty() && a.accel != "auto" && a.accel != "kvm" && a.accel != "tcg") {
    fmt::print(stderr, "fcbench run: --accel must be auto, kvm or tcg\n");
    return 2;
  }
  if (!a.fc_mode.empty() && a.fc_mode != "api" && a.fc_mode != "config-file") {
    fmt::print(stderr, "fcbench run: --firecracker-mode must be api or config-file\n");
    return 2;
  }
  if (vm.count("repetitions") && (a.repetitions < 1 || a.repetitions > 1000000)) {
    fmt::print(stderr, "fcbench run: --repetitions must be between 1 and 1000000\n");
    return 2;
  }
  if (!a.shard.empty() && a.workload.empty()) {
    fmt::print(stderr, "fcbench run: --shard needs --workload (--resume keeps the run's shard)\n");
    return 2;
  }
  if (vm.count("late-ok") && a.start_at.empty()) {
    fmt::print(stderr, "fcbench run: --late-ok needs --start-at\n");
    return 2;
  }
  if (!a.vmm_name.empty() && !vmm::driver_names().count(a.vmm_name))
    vmm::make_driver(a.vmm_name);  // throws
  return 0;
}

// The checked arguments as RunOptions; installs the interrupt handlers.
// Throws UserError (2) for a bad host flag.
run::RunOptions run_options(const RunArgs& a, const po::variables_map& vm) {
  run::RunOptions ro;
  ro.output = a.output;
  ro.vmm = a.vmm_name;
  ro.accel = a.accel;
  ro.firecracker_mode = a.fc_mode;
  ro.drivers.firecracker = a.firecracker;
  ro.repetitions = a.repetitions;
  ro.dry_run = vm.count("dry-run") > 0;
  ro.keep_instances = vm.count("keep-instances") > 0;
  ro.force = vm.count("force") > 0;
  ro.history = vm.count("no-history") == 0;
  ro.host = host_overrides(vm, a.host_flags);
  ro.timeout_s = a.timeout_s;
  ro.max_concurrent = a.max_concurrent;
  ro.unlimited = vm.count("max-concurrent") && a.max_concurrent == 0;
  ro.grace_s = a.grace_s;
  ro.monitor_interval_s = a.monitor_s;
  ro.baseline = a.baseline;
  if (!a.shard.empty()) ro.shard = run::parse_shard(a.shard);
  if (!a.start_at.empty()) ro.start_at_wall_ns = run::parse_start_at(a.start_at);
  ro.late_ok = vm.count("late-ok") > 0;
  ro.interrupted = install_interrupt_handlers();
  return ro;
}

// Runs the one source given: --resume DIR, --workload W.jsonl or SUITE.yaml.
int run_source(const RunArgs& a, const plugin::Registry& registry, const run::RunOptions& ro) {
  if (!a.resume.empty()) return run::resume_run(a.resume, registry, ro);
  if (!a.workload.empty()) return run::run_workload(a.workload, registry, ro);
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  auto suite = config::load_suite(a.suite_file, registry, lo);
  return run::run_suite(std::move(suite), registry, ro);
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench run SUITE.yaml [options]\n"
      "fcbench run --workload W.jsonl [options]\n"
      "fcbench run --resume DIR");
  RunArgs a;
  add_run_options(o, a);
  auto vm = parse_args(args, o, &a.suite_file, 1);
  if (!vm) return 0;
  if (int rc = check_args(a, *vm, o)) return rc;
  auto registry = plugin::Registry::discover(plugin::Registry::search_path(a.plugin_paths));
  return run_source(a, registry, run_options(a, *vm));
}

}  // namespace fcbench::cli
