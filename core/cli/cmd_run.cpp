#include <fmt/format.h>

#include <atomic>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/host_flags.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "config/suite_loader.hpp"
#include "run/runner.hpp"
#include "vmm/driver.hpp"

namespace fcbench::cli {

int cmd_run(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench run SUITE.yaml [options]\n"
      "fcbench run --workload W.jsonl [options]\n"
      "fcbench run --resume DIR");
  std::vector<std::string> plugin_paths;
  std::string suite_file, output, vmm_name, accel, firecracker, fc_mode, workload, resume, baseline;
  uint32_t repetitions = 0, max_concurrent = 0;
  double timeout_s = 0, grace_s = 2, monitor_s = 1;
  add_common(o, &plugin_paths);
  o.add_options()("output,o", po::value(&output),
                  "results directory (default fcbench-results/<suite>-<time>)")(
      "vmm", po::value(&vmm_name), "override the suite's VMM (qemu | firecracker | native)")(
      "firecracker", po::value(&firecracker),
      "firecracker binary (default: $FIRECRACKER, else firecracker in PATH)")(
      "firecracker-mode", po::value(&fc_mode),
      "override the suite's firecracker_mode (api | config-file)")(
      "accel", po::value(&accel), "auto | kvm | tcg (auto boots a probe guest under KVM first)")(
      "repetitions,n", po::value(&repetitions), "override every benchmark's repetitions")(
      "workload,w", po::value(&workload),
      "run a workload file from `fcbench generate` (open-loop arrivals)")(
      "max-concurrent,j", po::value(&max_concurrent),
      "at most N instances at once; 0: no cap (default: 1 for a suite, none for a workload)")(
      "timeout-s", po::value(&timeout_s), "override every instance's timeout_s")(
      "grace-s", po::value(&grace_s)->default_value(2),
      "after Ctrl-C, seconds running instances get to finish before they are stopped")(
      "monitor-interval-s", po::value(&monitor_s)->default_value(1),
      "host monitor sampling period for DIR/host.jsonl; 0: off")(
      "baseline", po::value(&baseline),
      "baseline.json from `fcbench baseline`: summary.json reports each instance's slowdown")(
      "resume", po::value(&resume),
      "run what an interrupted run in DIR left, appending its records")(
      "dry-run", "prepare every asset and print each instance's VMM command; launch nothing")(
      "keep-instances", "keep per-instance disks under DIR/instances");
  HostFlags host_flags;
  add_host_options(o, host_flags);
  auto parsed = parse_args(args, o, &suite_file, 1);
  if (!parsed) return 0;
  const po::variables_map& vm = *parsed;
  const int sources = int(!suite_file.empty()) + int(!workload.empty()) + int(!resume.empty());
  if (sources != 1) {
    std::cerr << (sources ? "fcbench run: give one of SUITE.yaml, --workload or --resume\n"
                          : "fcbench run: missing SUITE.yaml (or --workload W.jsonl)\n")
              << o;
    return 2;
  }
  if (vm.count("timeout-s") && !(timeout_s > 0 && timeout_s <= 86400 * 7)) {
    fmt::print(stderr, "fcbench run: --timeout-s must be in (0, 604800]\n");
    return 2;
  }
  if (!(grace_s >= 0 && grace_s <= 3600) || !(monitor_s >= 0 && monitor_s <= 3600)) {
    fmt::print(stderr, "fcbench run: --grace-s and --monitor-interval-s must be in [0, 3600]\n");
    return 2;
  }
  if (!accel.empty() && accel != "auto" && accel != "kvm" && accel != "tcg") {
    fmt::print(stderr, "fcbench run: --accel must be auto, kvm or tcg\n");
    return 2;
  }
  if (!fc_mode.empty() && fc_mode != "api" && fc_mode != "config-file") {
    fmt::print(stderr, "fcbench run: --firecracker-mode must be api or config-file\n");
    return 2;
  }
  if (vm.count("repetitions") && (repetitions < 1 || repetitions > 1000000)) {
    fmt::print(stderr, "fcbench run: --repetitions must be between 1 and 1000000\n");
    return 2;
  }
  if (!vmm_name.empty() && !vmm::driver_names().count(vmm_name))
    vmm::make_driver(vmm_name);  // throws

  auto registry = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  run::RunOptions ro;
  ro.output = output;
  ro.vmm = vmm_name;
  ro.accel = accel;
  ro.firecracker_mode = fc_mode;
  ro.drivers.firecracker = firecracker;
  ro.repetitions = repetitions;
  ro.dry_run = vm.count("dry-run") > 0;
  ro.keep_instances = vm.count("keep-instances") > 0;
  ro.host = host_overrides(vm, host_flags);
  ro.timeout_s = timeout_s;
  ro.max_concurrent = max_concurrent;
  ro.unlimited = vm.count("max-concurrent") && max_concurrent == 0;
  ro.grace_s = grace_s;
  ro.monitor_interval_s = monitor_s;
  ro.baseline = baseline;
  ro.interrupted = install_interrupt_handlers();
  if (!resume.empty()) return run::resume_run(resume, registry, ro);
  if (!workload.empty()) return run::run_workload(workload, registry, ro);
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  auto suite = config::load_suite(suite_file, registry, lo);
  return run::run_suite(suite, registry, ro);
}

}  // namespace fcbench::cli
