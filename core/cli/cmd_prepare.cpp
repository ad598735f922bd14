#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/suite_loader.hpp"
#include "image/disk.hpp"
#include "run/assets.hpp"
#include "vmm/driver.hpp"

namespace fcbench::cli {

// Builds the cached guest assets for suites (or for every plugin's defaults),
// so the first run pays nothing for them.
int cmd_prepare(const std::vector<std::string>& args) {
  po::options_description o("fcbench prepare [SUITE.yaml...] [options]");
  std::vector<std::string> plugin_paths, suites;
  vmm::DriverOptions dopt;
  add_common(o, &plugin_paths);
  o.add_options()("firecracker", po::value(&dopt.firecracker),
                  "firecracker binary, for suites that use it (default: $FIRECRACKER, else PATH)");
  auto vm = parse_args(args, o, &suites, -1);
  if (!vm) return 0;
  auto registry = plugin::Registry::discover(plugin::Registry::search_path(plugin_paths));
  std::vector<std::vector<config::Benchmark>> sets;
  config::LoadOptions lo;
  lo.vmms = vmm::driver_names();
  for (auto& s : suites) sets.push_back(config::load_suite(s, registry, lo).benchmarks);
  if (suites.empty()) {
    std::vector<config::Benchmark> defaults;
    for (auto& [name, p] : registry.plugins()) {
      config::Benchmark b;
      b.name = b.plugin = name;
      b.params = p->with_defaults({});
      defaults.push_back(b);
    }
    sets.push_back(defaults);
  }
  for (auto& benches : sets) {
    run::prepare_assets(benches, registry, dopt);
    for (auto& b : benches) {
      auto job = registry.find(b.plugin)->describe_job(b.params);
      image::work_disk_template(std::max<uint32_t>(job.requirements.write_disk_mib, 16));
    }
  }
  fmt::print(stderr, "guest assets ready\n");
  return 0;
}

}  // namespace fcbench::cli
