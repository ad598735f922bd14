#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "config/suite.hpp"
#include "run/runner.hpp"
#include "vmm/driver.hpp"

namespace fcbench::cli {

int cmd_baseline(const std::vector<std::string>& args) {
  po::options_description o(
      "fcbench baseline W.jsonl [options]\n"
      "Runs each distinct (plugin, params, vcpus, mem_mib) of a workload alone, N times,\n"
      "and writes DIR/baseline.json for `fcbench run --workload W.jsonl --baseline DIR`");
  std::vector<std::string> plugin_paths;
  std::string file, output, vmm_name, accel, firecracker;
  uint32_t repetitions = 5;
  double timeout_s = 0;
  add_common(o, &plugin_paths);
  o.add_options()("output,o", po::value(&output),
                  "results directory (default fcbench-results/<workload>-baseline-<time>)")(
      "repetitions,n", po::value(&repetitions)->default_value(5), "runs of each configuration")(
      "vmm", po::value(&vmm_name), "qemu (default) | firecracker | native")(
      "accel", po::value(&accel), "auto | kvm | tcg")("firecracker", po::value(&firecracker),
                                                      "firecracker binary")(
      "timeout-s", po::value(&timeout_s), "per-instance timeout (default 120)")(
      "no-history", "do not register the run in the history DB ($FCBENCH_HISTORY)")(
      "force",
      "reuse an output directory an earlier run left without results, replacing its files");
  auto parsed = parse_args(args, o, &file, 1);
  if (!parsed) return 0;
  if (file.empty()) {
    std::cerr << "fcbench baseline: missing W.jsonl\n" << o;
    return 2;
  }
  if (repetitions < 1 || repetitions > 10000) {
    fmt::print(stderr, "fcbench baseline: --repetitions must be between 1 and 10000\n");
    return 2;
  }
  if (parsed->count("timeout-s") && !(timeout_s > 0 && timeout_s <= config::kMaxTimeoutS)) {
    fmt::print(stderr, "fcbench baseline: --timeout-s must be in (0, 604800]\n");
    return 2;
  }
  if (!vmm_name.empty()) vmm::make_driver(vmm_name);  // throws, listing the VMMs
  run::RunOptions ro;
  ro.output = output;
  ro.vmm = vmm_name;
  ro.accel = accel;
  ro.drivers.firecracker = firecracker;
  ro.repetitions = repetitions;
  ro.timeout_s = timeout_s;
  ro.history = parsed->count("no-history") == 0;
  ro.force = parsed->count("force") > 0;
  auto registry = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  ro.interrupted = install_interrupt_handlers();
  return run::run_baseline(file, registry, ro);
}

}  // namespace fcbench::cli
